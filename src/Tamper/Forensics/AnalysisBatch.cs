using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tamper.Batch;
using Tamper.Imaging;

namespace Tamper.Forensics;

/// <summary>
/// Runs analyzers over a batch. For each image, in <c>OUT/&lt;id&gt;/</c>: <c>&lt;analyzer&gt;.png</c>
/// (color-mapped), <c>&lt;analyzer&gt;_gray.png</c> (0..255), <c>&lt;analyzer&gt;_&lt;detail&gt;.png</c> for
/// detail maps, and <c>report.json</c> with every finding (written last: it marks the image done).
/// Analyzers run one at a time and their maps are written and released before the next starts.
/// </summary>
public static class AnalysisBatch
{
    public const string ReportName = "report.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="onImage">Called with each image's id and per-analyzer findings (for summaries).</param>
    public static BatchSummary Run(IReadOnlyList<IForensicAnalyzer> analyzers, IReadOnlyList<BatchItem> items, string outputFolder, bool overwrite,
        ImageLoader loader, IEnumerable<string>? earlierProblems = null, Action<BatchItem, IReadOnlyList<AnalysisSummary>>? onImage = null,
        Action<int, int>? progress = null, Action<string>? onFailure = null, Action<string>? onNotice = null)
    {
        return BatchRunner.Run(items, item => !overwrite && File.Exists(Path.Combine(outputFolder, item.Id, ReportName)), item =>
        {
            var folder = Path.Combine(outputFolder, item.Id);
            Directory.CreateDirectory(folder);
            var input = ForensicInput.Load(item.Path, loader);
            using var image = input.Image;
            var summaries = new List<AnalysisSummary>();
            foreach (var analyzer in analyzers)
            {
                var clock = Stopwatch.StartNew();
                using var result = analyzer.Analyze(input);
                var seconds = clock.Elapsed.TotalSeconds;
                var files = WriteMaps(result, folder, image.Width, image.Height);
                summaries.Add(new AnalysisSummary(analyzer.Name, analyzer.Description, seconds, result.Findings, files));
            }
            foreach (var notice in image.Notices)
                onNotice?.Invoke($"{item.Path}: {notice}");
            var report = Report(input, summaries);
            ImageWriter.WriteAtomically(Path.Combine(folder, ReportName), Encoding.UTF8.GetBytes(report.ToJsonString(Indented)));
            onImage?.Invoke(item, summaries);
        }, earlierProblems, progress, onFailure);
    }

    private static List<string> WriteMaps(AnalysisResult result, string folder, int width, int height)
    {
        var files = new List<string>();
        if (result.Map is { } map)
        {
            using (var color = Maps.ToColor(map))
                ImageWriter.SavePng(color, Path.Combine(folder, $"{result.Analyzer}.png"));
            using (var gray = Maps.ToGray(map))
                ImageWriter.SavePng(gray, Path.Combine(folder, $"{result.Analyzer}_gray.png"));
            files.Add($"{result.Analyzer}.png");
            files.Add($"{result.Analyzer}_gray.png");
        }
        foreach (var (name, detail) in result.DetailMaps)
        {
            using var full = Maps.ToSize(detail, width, height);
            using var color = Maps.ToColor(full);
            var file = $"{result.Analyzer}_{name}.png";
            ImageWriter.SavePng(color, Path.Combine(folder, file));
            files.Add(file);
        }
        return files;
    }

    private static JsonObject Report(ForensicInput input, IReadOnlyList<AnalysisSummary> summaries) => new()
    {
        ["image"] = input.Name,
        ["format"] = input.Image.Header.Format.ToString(),
        ["width"] = input.Image.Width,
        ["height"] = input.Image.Height,
        ["bit_depth"] = input.Image.SourceBitDepth,
        ["channels"] = input.Image.SourceChannels,
        ["notices"] = new JsonArray(input.Image.Notices.Select(notice => (JsonNode)notice).ToArray()),
        ["analyzers"] = new JsonArray(summaries.Select(summary => (JsonNode)new JsonObject
        {
            ["name"] = summary.Analyzer,
            ["description"] = summary.Description,
            ["seconds"] = Math.Round(summary.Seconds, 3),
            ["maps"] = new JsonArray(summary.Files.Select(file => (JsonNode)JsonValue.Create(file)!).ToArray()),
            ["findings"] = new JsonArray(summary.Findings.Select(finding => (JsonNode)new JsonObject
            {
                ["key"] = finding.Key,
                ["text"] = finding.Text,
                ["value"] = finding.Value,
            }).ToArray()),
        }).ToArray()),
    };
}
