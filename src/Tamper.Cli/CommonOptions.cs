using System.CommandLine;
using Tamper.Batch;
using Tamper.Imaging;
using Tamper.Model.Precision;

namespace Tamper.Cli;

/// <summary>Options several commands share, so they are spelled and checked the same way everywhere.</summary>
public static class CommonOptions
{
    public static Option<double> MaxMegapixels() => new("--max-megapixels")
    {
        Description = "Refuse images above this many megapixels, checked from the header before decoding",
        DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels / 1e6,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<double>() <= 0)
                    result.AddError("--max-megapixels must be above 0");
            },
        },
    };

    /// <summary>A command with the arguments and options of its flags record, in the record's order.</summary>
    public static Command Command(string name, string description, IEnumerable<Symbol> symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) command.Arguments.Add(argument);
            else command.Options.Add((Option)symbol);
        }
        return command;
    }

    /// <summary><c>--threads</c>: libtorch threads (or workers, as <paramref name="description"/> says), default every core.</summary>
    public static Option<int> Threads(string description = "libtorch threads") => new("--threads")
    {
        Description = description,
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                    result.AddError("--threads must be at least 1");
            },
        },
    };

    /// <summary><c>--model FILE</c>; the description says what the command does with it and what the default is.</summary>
    public static Option<FileInfo?> Model(string description, bool required = false) => new("--model")
    {
        Description = description,
        Required = required,
    };

    /// <summary>
    /// The INPUTS argument of the batch commands. A word that looks like an option and is not a file is a usage error
    /// ("unknown option"): otherwise a mistyped or unknown flag would be taken for an input and reported as a missing file.
    /// </summary>
    public static Argument<string[]> InputsArgument(string description, ArgumentArity arity) => new("inputs")
    {
        Description = description,
        Arity = arity,
        Validators =
        {
            result =>
            {
                foreach (var token in result.Tokens.Select(token => token.Value))
                    if (token.StartsWith('-') && token.Length > 1 && !File.Exists(token) && !Directory.Exists(token))
                        result.AddError($"unknown option '{token}'");
            },
        },
    };

    /// <summary><c>--precision auto|fp32|bf16</c>, shared by every command that runs a network.</summary>
    public static Option<string> Precision() => new("--precision")
    {
        Description = "Network arithmetic: auto (bf16 where the CPU has AMX bf16 tiles, else fp32), fp32, bf16 (channels-last bfloat16)",
        DefaultValueFactory = _ => PrecisionChoice.Auto,
        Validators =
        {
            result =>
            {
                try
                {
                    PrecisionChoice.Resolve(result.GetValueOrDefault<string>());
                }
                catch (UnknownNameException e)
                {
                    result.AddError($"--precision: {e.Message}");
                }
            },
        },
    };

    /// <summary><c>--evidence-cache DIR</c> of the commands that run the fused method over labeled data (fuse, calibrate).</summary>
    public static Option<DirectoryInfo?> EvidenceCache() => new("--evidence-cache")
    {
        Description = "Keep each image's evidence (the model's and the analyzers' maps) in this folder and read it back on the next run with the same network, "
            + "analyzers and build: refitting or recalibrating over the same images then skips the detectors",
    };

    public static ImageLoader Loader(double maxMegapixels) =>
        new(ImageLimits.Default with { MaxPixels = (long)(maxMegapixels * 1e6) });

    /// <summary>A required folder option whose folder must exist (checked at parse time, named in the error).</summary>
    public static Option<DirectoryInfo> ExistingFolder(string name, string description) => new Option<DirectoryInfo>(name)
    {
        Description = description,
        Required = true,
    }.AcceptExistingOnly();

    /// <summary>
    /// The batch of a command's INPUT arguments; null (after saying why) when none is usable. Problems with
    /// single inputs are returned, to be reported with the batch's failures.
    /// </summary>
    public static (IReadOnlyList<BatchItem> Items, IReadOnlyList<string> Problems)? Inputs(CliConsole console, string[] inputs)
    {
        var (items, problems) = InputImages.Expand(inputs);
        if (items.Count > 0)
            return (items, problems);
        foreach (var problem in problems) console.Problem(problem);
        console.Problem("no input images");
        return null;
    }
}
