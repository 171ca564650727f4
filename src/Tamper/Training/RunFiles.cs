namespace Tamper.Training;

/// <summary>The files of a run folder.</summary>
public sealed record RunFiles(string Folder)
{
    public string LastModel => Path.Combine(Folder, "last.tamper");

    public string LastOptimizer => Path.Combine(Folder, "last.optimizer");

    public string BestModel => Path.Combine(Folder, "best.tamper");
}
