namespace Tamper.Inspection;

/// <summary>
/// The JSON report of one inspected image. File names in it (<see cref="Files"/>, <see cref="AnalyzerView.Map"/>)
/// refer to the files of the same <see cref="InspectionResult"/>; display files are scaled to
/// <see cref="PreviewWidth"/> × <see cref="PreviewHeight"/>, downloads (mask, heat map) are full size.
/// </summary>
public sealed record InspectionReport(
    int Width,
    int Height,
    string Format,
    int PreviewWidth,
    int PreviewHeight,
    string Method,
    string? Model,
    Verdict Verdict,
    double Score,
    double Threshold,
    double ImageThreshold,
    double TamperedShare,
    IReadOnlyDictionary<string, double> Seconds,
    // the web API's key, kept from before the code's spelling became American (the page and clients read it)
    [property: System.Text.Json.Serialization.JsonPropertyName("analysers")] IReadOnlyList<AnalyzerView> Analyzers,
    IReadOnlyDictionary<string, string> Files);
