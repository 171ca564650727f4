using Google.Protobuf;
using Onnx;

namespace Tamper.Model.Pretrained;

/// <summary>Reading weights out of ONNX files (the pretrained parts come as ONNX exports).</summary>
internal static class OnnxGraphs
{
    /// <summary>The graph of an ONNX file; a missing or unreadable file is an <see cref="InputFileException"/> naming it.</summary>
    public static GraphProto Read(string path, string missingHint)
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

    /// <summary>A float initialiser's values (row-major) and shape.</summary>
    public static float[] Floats(Dictionary<string, TensorProto> initialisers, string name, out long[] shape)
    {
        if (!initialisers.TryGetValue(name, out var tensor))
            throw new InvalidDataException($"tensor {name} is not an initialiser");
        shape = [.. tensor.Dims];
        if (tensor.FloatData.Count > 0)
            return [.. tensor.FloatData];
        var raw = tensor.RawData.Span;
        if (raw.Length == 0 || raw.Length % 4 != 0)
            throw new InvalidDataException($"tensor {name} holds no float data");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }
}
