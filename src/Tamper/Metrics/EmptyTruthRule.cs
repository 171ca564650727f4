namespace Tamper.Metrics;

/// <summary>
/// How an image whose true mask is empty (an untampered image) is scored. The contest rules found so far
/// do not say; participants' code gives 0, 1 or 2 points, so the rule is always stated in reports.
/// </summary>
public enum EmptyTruthRule
{
    /// <summary>Default. Empty prediction: F1 = 1, IoU = 1 (score 2). Anything predicted: 0 and 0.</summary>
    Match,

    /// <summary>Always F1 = 0, IoU = 0 (the formulas with 0/0 taken as 0).</summary>
    Zero,

    /// <summary>Left out of the score, the means and the image count; listed as skipped.</summary>
    Skip,
}
