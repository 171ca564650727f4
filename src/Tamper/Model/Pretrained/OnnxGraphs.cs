using Google.Protobuf;
using Onnx;

namespace Tamper.Model.Pretrained;

/// <summary>Reading weights out of ONNX files (the pretrained parts come as ONNX exports).</summary>
internal static class OnnxGraphs
{
    /// <summary>
    /// Reads an ONNX file and parses its graph; a missing or unreadable file, or a graph the parser rejects
    /// (<see cref="InvalidDataException"/>), is an <see cref="InputFileException"/> naming the file.
    /// </summary>
    /// <param name="expected">What the file should hold, for the message ("the expected ResNet18 graph").</param>
    public static T Load<T>(string path, string missingHint, string expected, Func<GraphProto, T> parse)
    {
        var graph = Read(path, missingHint);
        try
        {
            return parse(graph);
        }
        catch (InvalidDataException e)
        {
            throw new InputFileException(path, $"not {expected}: {e.Message}");
        }
    }

    private static GraphProto Read(string path, string missingHint)
    {
        if (!File.Exists(path))
            throw new InputFileException(path, missingHint);
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InputFileException(path, $"not a readable ONNX file ({e.Message})");
        }
        return model.Graph ?? throw new InputFileException(path, "not an ONNX model (no graph)");
    }

    /// <summary>A float initializer's values (row-major) and shape.</summary>
    public static float[] Floats(Dictionary<string, TensorProto> initializers, string name, out long[] shape)
    {
        if (!initializers.TryGetValue(name, out var tensor))
            throw new InvalidDataException($"tensor {name} is not an initializer");
        shape = [.. tensor.Dims];
        if (tensor.FloatData.Count > 0)
            return [.. tensor.FloatData];
        var raw = tensor.RawData.Span;
        if (raw.Length == 0 || raw.Length % 4 != 0)
            throw new InvalidDataException($"tensor {name} holds no float data");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }
}
