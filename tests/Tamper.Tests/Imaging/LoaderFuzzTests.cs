using System.Diagnostics;
using Tamper.Detection;
using Tamper.Forensics;
using Tamper.Imaging;
using Tamper.Tests.Support;
using Xunit.Abstractions;

namespace Tamper.Tests.Imaging;

/// <summary>
/// Mutation fuzzing of everything that parses an untrusted file: the header reader, the decoder and the analyzers
/// that read the file's bytes. Whatever a mutant holds, the only exception allowed out is <see cref="InputFileException"/>
/// (one line naming the file), and memory stays bounded.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    /// <summary>2400 in the suite; TAMPER_FUZZ_MUTANTS=N runs more (the closing figures used 12 000).</summary>
    private static readonly int LoaderMutants =
        int.TryParse(Environment.GetEnvironmentVariable("TAMPER_FUZZ_MUTANTS"), out var count) && count > 0 ? count : 2400;

    [Fact]
    public void Loader_and_analyzers_survive_2400_mutants_with_only_input_file_errors_and_bounded_memory()
    {
        var seeds = MutationFuzzer.Seeds();
        var loader = new ImageLoader(new ImageLimits(MaxPixels: 16_000_000));
        var analyzers = AnalyzerRegistry.Parse(null);
        var escaped = new List<string>();
        int decoded = 0, refused = 0;
        long peakBytes = 0;
        using var process = Process.GetCurrentProcess();
        long residentBefore = Resident(process);
        for (int index = 0; index < LoaderMutants; index++)
        {
            var (name, bytes) = MutationFuzzer.Mutant(seeds, index);
            try
            {
                using var image = loader.Load(bytes, name);
                using var input = new ForensicInput(name, image, bytes);
                foreach (var analyzer in analyzers)
                    analyzer.Analyze(input).Dispose();
                decoded++;
            }
            catch (InputFileException e)
            {
                e.Message.ShouldStartWith(name + ": ");
                refused++;
            }
            catch (Exception e)
            {
                escaped.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
            if (index % 200 == 0)
                peakBytes = Math.Max(peakBytes, Resident(process) - residentBefore);
        }
        output.WriteLine($"{LoaderMutants} mutants: {decoded} decoded and analyzed, {refused} refused, {escaped.Count} escaped; resident growth at most {peakBytes / (1 << 20)} MiB");
        escaped.ShouldBeEmpty(string.Join("\n", escaped.Take(20)));
        (decoded + refused).ShouldBe(LoaderMutants);
        peakBytes.ShouldBeLessThan(1L << 30);
    }

    private static long Resident(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }
}
