namespace Tamper.Training;

/// <summary>A new training run was asked for in a folder that holds one already (hosts say how to resume it).</summary>
public sealed class RunFolderInUseException(string folder)
    : Exception($"{folder}: the run folder holds a run already: resume it, or start the new run in another folder")
{
    public string Folder { get; } = folder;
}
