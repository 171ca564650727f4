namespace Tamper.Submission;

/// <summary>The outcome of packaging: the zip is written only when <see cref="Problems"/> is empty.</summary>
public sealed record SubmissionResult(int TestImages, int Packaged, IReadOnlyList<string> Problems, string? ZipPath)
{
    public bool Succeeded => Problems.Count == 0 && ZipPath is not null;
}
