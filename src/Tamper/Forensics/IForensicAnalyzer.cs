namespace Tamper.Forensics;

/// <summary>
/// One classical forensic analysis: an image in, a heat map and findings out. Maps are CV_32FC1 of the
/// image's size with values in 0..1, calibrated so that 0.5 means "clearly unlike the rest of this image"
/// (see <see cref="AnomalyScale"/>); an analyzer that only reports findings returns no map.
/// </summary>
public interface IForensicAnalyzer
{
    /// <summary>The registry key, lower case: <c>ela</c>, <c>noise</c>, ...</summary>
    string Name { get; }

    /// <summary>One line for help texts and reports.</summary>
    string Description { get; }

    AnalysisResult Analyze(ForensicInput input);
}
