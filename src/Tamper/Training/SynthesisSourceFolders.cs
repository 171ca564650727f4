namespace Tamper.Training;

/// <summary>Where on-the-fly synthesis draws from (the same folders <c>tamper synth</c> takes).</summary>
/// <param name="HoldoutShare">Share of the photos and pages kept out of synthesis (see <see cref="Data.HoldoutSplit"/>).</param>
/// <param name="AuthenticShare">Share of synthetic samples left untouched (they teach what is not an edit).</param>
/// <param name="NativeShare">Share of photo hosts taken at the photo's own resolution (see <see cref="Data.Synthesis.SynthOptions"/>).</param>
public sealed record SynthesisSourceFolders(IReadOnlyList<string> Photos, IReadOnlyList<string> Cutouts, IReadOnlyList<string> Pages, bool Documents, double HoldoutShare = 0, int MinSize = 384, int MaxSize = 1024,
    double AuthenticShare = 0.2, double NativeShare = 0.25);
