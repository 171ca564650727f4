using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using OpenCvSharp;
using Tamper.Data.Synthesis;

namespace Tamper.Training.Samples;

/// <summary>
/// Makes batches ahead of the trainer on a background thread. Crop i of step s is sample number
/// s × batch + i, with its own random source seeded from (seed, number): which source it comes from, which
/// image, every augmentation. So a resumed run sees exactly the batches it would have seen.
/// </summary>
public sealed class BatchProducer : IDisposable
{
    private readonly IReadOnlyList<(ISampleSource Source, double Weight)> _sources;
    private readonly Augmenter _augmenter;
    private readonly int _batch;
    private readonly int _seed;
    private readonly int _workers;
    private readonly BlockingCollection<TrainingBatch> _ready = new(boundedCapacity: 3);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Exception? _failure;

    public BatchProducer(IReadOnlyList<(ISampleSource Source, double Weight)> sources, Augmenter augmenter, int batch, int seed, long firstStep, int workers = 1)
    {
        if (sources.Count == 0 || sources.All(source => source.Weight <= 0))
            throw new ArgumentException("no sample source to train from", nameof(sources));
        _sources = [.. sources.Where(source => source.Weight > 0)];
        _augmenter = augmenter;
        _batch = batch;
        _seed = seed;
        _workers = Math.Max(1, workers);
        _producer = Task.Factory.StartNew(() => Produce(firstStep), TaskCreationOptions.LongRunning);
    }

    public TrainingBatch Next()
    {
        try
        {
            return _ready.Take(_stop.Token);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new InvalidOperationException($"making training batches failed: {_failure.Message}", _failure);
        }
    }

    /// <summary>Builds the batch of one step (also used directly by tests).</summary>
    public TrainingBatch Build(long step)
    {
        int crop = _augmenter.Crop, plane = crop * crop;
        var images = new float[_batch * 3 * plane];
        var masks = new float[_batch * plane];
        var labels = new float[_batch];
        Parallel.For(0, _batch, new ParallelOptions { MaxDegreeOfParallelism = _workers }, item =>
        {
            int number = checked((int)(step * _batch + item));
            var random = new SynthRandom(_seed, number);
            var source = random.Weighted(_sources);
            using var sample = source.Draw(random, number);
            _augmenter.Apply(sample, random);
            labels[item] = Fill(sample, images.AsSpan(item * 3 * plane, 3 * plane), masks.AsSpan(item * plane, plane)) ? 1 : 0;
        });
        return new TrainingBatch(step, _batch, crop, images, masks, labels);
    }

    private void Produce(long step)
    {
        try
        {
            for (; !_stop.IsCancellationRequested; step++)
                _ready.Add(Build(step), _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }

    /// <summary>HWC bytes to CHW floats; mask to 0/1. Returns whether any pixel is tampered.</summary>
    private static bool Fill(TrainingSample sample, Span<float> image, Span<float> mask)
    {
        int plane = mask.Length;
        var pixels = new byte[plane * 3];
        using (var continuous = sample.Image.Clone())
            Marshal.Copy(continuous.Data, pixels, 0, pixels.Length);
        for (int index = 0; index < plane; index++)
        {
            image[index] = pixels[3 * index];
            image[plane + index] = pixels[3 * index + 1];
            image[2 * plane + index] = pixels[3 * index + 2];
        }
        var maskBytes = new byte[plane];
        using (var continuous = sample.Mask.Clone())
            Marshal.Copy(continuous.Data, maskBytes, 0, plane);
        bool any = false;
        for (int index = 0; index < plane; index++)
        {
            bool tampered = maskBytes[index] > 127;
            mask[index] = tampered ? 1 : 0;
            any |= tampered;
        }
        return any;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
        }
        _ready.Dispose();
        _stop.Dispose();
    }
}
