using Tamper.Data;
using Tamper.Data.Synthesis;
using Tamper.Data.Synthesis.Sources;
using Tamper.Training.Samples;

namespace Tamper.Training;

/// <summary>Builds the weighted sample sources of a run from its options: dataset folders and/or on-the-fly synthesis.</summary>
public static class SampleSources
{
    public static (IReadOnlyList<(ISampleSource Source, double Weight)> Sources, int DatasetImages) Create(TrainOptions options)
    {
        var reader = new DatasetReader();
        var pairs = options.Data.SelectMany(folder => reader.Open(folder).Pairs).ToList();
        var authentic = options.Authentic.SelectMany(folder => MaskFolder.Open(folder).Paths).Order(StringComparer.Ordinal).ToList();
        var sources = new List<(ISampleSource, double)>();
        bool synthesis = options.Synthesis is not null && options.SynthShare > 0;
        bool real = pairs.Count + authentic.Count > 0;
        // the real share is split between forgeries and untouched images by their counts
        double realShare = synthesis ? 1 - options.SynthShare : 1;
        if (pairs.Count > 0)
            sources.Add((new DatasetSource(pairs), realShare * pairs.Count / (pairs.Count + authentic.Count)));
        if (authentic.Count > 0)
            sources.Add((new AuthenticSource(authentic), realShare * authentic.Count / (pairs.Count + authentic.Count)));
        if (synthesis)
        {
            ISampleSource synthesized = new SynthesisSource(Generator(options.Synthesis!, options.Seed));
            if (options.SynthesisReuse > 1)
                synthesized = new ReusedSampleSource(synthesized, options.SynthesisReuse, options.Seed);
            sources.Add((synthesized, real ? options.SynthShare : 1));
        }
        if (sources.Count == 0)
            throw new InputFileException(options.Data.FirstOrDefault() ?? options.Output,
                "nothing to train on: the dataset folders hold no image/mask pairs, there are no authentic images and no synthesis sources");
        return (sources, pairs.Count + authentic.Count);
    }

    public static ForgeryGenerator Generator(SynthesisSourceFolders folders, int seed)
    {
        var holdout = new HoldoutSplit(folders.HoldoutShare);
        var fonts = FontCatalog.Find();
        var sources = new SynthSources(new ImageLibrary(folders.Photos, holdout: holdout), new ImageLibrary(folders.Cutouts, keepAlpha: true),
            new ImageLibrary(folders.Pages, holdout: holdout), fonts);
        var generator = new ForgeryGenerator(sources, new SynthOptions(seed, folders.MinSize, folders.MaxSize, AuthenticShare: folders.AuthenticShare, DocumentShare: 0.4, Documents: folders.Documents, NativeShare: folders.NativeShare));
        if (sources.Photos.Count == 0 && !generator.CanMakeDocuments)
            throw new InputFileException(folders.Photos.FirstOrDefault() ?? ".", "synthesis has no photos (and no documents): give photo folders");
        return generator;
    }
}
