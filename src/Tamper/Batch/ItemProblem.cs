namespace Tamper.Batch;

/// <summary>
/// Which exceptions are a problem with one input (reported as one line, the batch goes on) rather than a fault
/// of the tool (which stops the batch): input, data and OpenCV errors, and an allocation the input's size asked for.
/// Parsers of untrusted bytes (header reader, decoder) turn whatever they throw into <see cref="InputFileException"/>.
/// </summary>
internal static class ItemProblem
{
    /// <returns>The line to report, or null when the exception is not about the input.</returns>
    public static string? Describe(BatchItem item, Exception exception) => exception switch
    {
        InputFileException e => e.Message,
        InvalidDataException e => $"{item.Path}: {e.Message}",
        OpenCvSharp.OpenCVException e => $"{item.Path}: processing failed in OpenCV ({e.Message})",
        OutOfMemoryException => $"{item.Path}: not enough memory to process this image (lower the pixel limit or free memory)",
        _ => null,
    };
}
