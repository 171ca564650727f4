using System.Globalization;

namespace Tamper.Inspection;

/// <summary>
/// What a person is told about one image, worded so it does not overclaim: a mask is where to look, not
/// proof of an edit, and an empty one is not proof of authenticity.
/// </summary>
public sealed record Verdict(bool Edited, string Label, string Text)
{
    public static Verdict Of(double imageScore, double imageThreshold, double tamperedShare)
    {
        string score = imageScore.ToString("0.00", CultureInfo.InvariantCulture);
        if (tamperedShare > 0)
            return new Verdict(true, "Likely edited here",
                string.Create(CultureInfo.InvariantCulture, $"The model marks {tamperedShare:P1} of the image as likely edited (image score {score}). The marked regions are where to look first; they are not proof of an edit."));
        if (imageScore >= imageThreshold)
            return new Verdict(false, "Possibly edited, no region stands out",
                $"The image score ({score}) suggests an edit, but no region is marked with confidence. Check the forensic maps.");
        return new Verdict(false, "No edit found",
            $"The model found nothing it considers edited (image score {score}). This does not prove the image is authentic: check the forensic maps.");
    }
}
