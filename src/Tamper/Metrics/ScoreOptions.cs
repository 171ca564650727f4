namespace Tamper.Metrics;

/// <param name="EmptyRule">How images with an empty true mask are scored.</param>
/// <param name="GroupByPrefix">Also report per group: the id up to its first '_'.</param>
/// <param name="PredictionsAreHeatmaps">Predictions are gray-level probability maps: add AUC and threshold sweeps.</param>
public sealed record ScoreOptions(EmptyTruthRule EmptyRule = EmptyTruthRule.Match, bool GroupByPrefix = false, bool PredictionsAreHeatmaps = false)
{
    public string? GroupOf(string id)
    {
        if (!GroupByPrefix) return null;
        var underscore = id.IndexOf('_');
        return underscore > 0 ? id[..underscore] : id;
    }
}
