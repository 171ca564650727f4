using TorchSharp;
using Tamper.Native;
using static TorchSharp.torch;

namespace Tamper.Fusion;

/// <summary>
/// A weighted logistic regression, fitted with TorchSharp (full-batch Adam on the weighted binary cross-entropy plus an L2
/// penalty on the weights, not the bias): small problems only (a few features, up to a few hundred thousand rows).
/// </summary>
public static class LogisticFit
{
    /// <param name="rows">Row-major features, <paramref name="features"/> per row.</param>
    /// <param name="labels">0 or 1 per row.</param>
    /// <param name="weights">How much each row counts (any positive scale: normalized to sum 1).</param>
    /// <param name="l2">Penalty on the squared weights (keeps features that never vary near 0).</param>
    public static (double[] Weights, double Bias, double Loss) Fit(float[] rows, int features, float[] labels, float[] weights, double l2 = 1e-3, int steps = 2000)
    {
        int count = labels.Length;
        if (count == 0 || rows.Length != (long)count * features || weights.Length != count)
            throw new ArgumentException($"need rows of {features} features, one label and one weight each (got {rows.Length} values, {count} labels, {weights.Length} weights)");
        using var scope = NewDisposeScope();
        var x = tensor(rows, [count, features]);
        var y = tensor(labels);
        var w = tensor(weights);
        w = w / w.sum();
        var coefficients = new TorchSharp.Modules.Parameter(zeros(features));
        var bias = new TorchSharp.Modules.Parameter(zeros(1));
        using var optimizer = optim.Adam([coefficients, bias], lr: 0.05);
        double loss = double.NaN;
        for (int step = 0; step < steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = x.matmul(coefficients) + bias;
            var data = (nn.functional.binary_cross_entropy_with_logits(logits, y, reduction: nn.Reduction.None) * w).sum();
            var total = data + TorchScalars.Of(l2) * coefficients.pow(TorchScalars.Of(2)).sum();
            total.backward();
            optimizer.step();
            loss = data.item<float>();
        }
        var fitted = coefficients.detach().data<float>().Select(value => (double)value).ToArray();
        return (fitted, bias.detach().item<float>(), loss);
    }
}
