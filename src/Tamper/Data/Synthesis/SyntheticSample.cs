using System.Text.Json.Nodes;
using OpenCvSharp;

namespace Tamper.Data.Synthesis;

/// <summary>
/// One generated sample: the host before the edit, the edited image and its exact mask (both before
/// post-processing), the final file bytes with the mask that matches them, and the manifest entry.
/// </summary>
public sealed class SyntheticSample(string id, string operation, Mat original, Mat edited, Mat editMask, byte[] fileBytes, string extension, Mat mask, JsonObject manifest) : IDisposable
{
    public string Id { get; } = id;

    public string Operation { get; } = operation;

    public Mat Original { get; } = original;

    public Mat Edited { get; } = edited;

    /// <summary>The pixels the edit changed (255), before post-processing.</summary>
    public Mat EditMask { get; } = editMask;

    public byte[] FileBytes { get; } = fileBytes;

    /// <summary>".jpg" or ".png".</summary>
    public string Extension { get; } = extension;

    /// <summary>The mask of the final file (post-processing may have resized or cropped it).</summary>
    public Mat Mask { get; } = mask;

    public JsonObject Manifest { get; } = manifest;

    public void Dispose()
    {
        Original.Dispose();
        Edited.Dispose();
        EditMask.Dispose();
        Mask.Dispose();
    }
}
