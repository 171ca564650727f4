namespace Tamper.Metrics;

/// <summary>
/// Running totals of per-image contest scores and pooled pixel counts; holds no masks. Images with an
/// empty true mask are also tallied apart (false alarms, marked area), whatever the empty-truth rule.
/// </summary>
public sealed class ScoreAccumulator
{
    private double _scoreSum;
    private double _f1Sum;
    private double _iouSum;
    private ConfusionCounts _pooled;
    private int _tampered;
    private double _tamperedScoreSum;
    private int _authentic;
    private int _falseAlarms;
    private double _markedShareSum;

    public int Images { get; private set; }

    public int Skipped { get; private set; }

    public void Add(ImageScore score)
    {
        if (score.Counts.TruthPositives == 0)
        {
            _authentic++;
            if (score.Counts.PredictedPositives > 0) _falseAlarms++;
            if (score.Counts.Pixels > 0) _markedShareSum += (double)score.Counts.PredictedPositives / score.Counts.Pixels;
        }
        if (!score.IsCounted)
        {
            Skipped++;
            return;
        }
        Images++;
        _scoreSum += score.Score;
        _f1Sum += score.F1;
        _iouSum += score.Iou;
        _pooled += score.Counts;
        if (score.Counts.TruthPositives > 0)
        {
            _tampered++;
            _tamperedScoreSum += score.Score;
        }
    }

    public ScoreSummary Summarize(string name, HeatmapSummary? heatmap = null) => new(
        name, Images, Skipped, _scoreSum, Mean(_scoreSum), Mean(_f1Sum), Mean(_iouSum), _pooled.F1, _pooled.Iou, heatmap,
        _tampered, _tampered == 0 ? 0 : _tamperedScoreSum / _tampered,
        _authentic, _falseAlarms, _authentic == 0 ? 0 : _markedShareSum / _authentic);

    private double Mean(double sum) => Images == 0 ? 0 : sum / Images;
}
