using Tamper.Forensics;

namespace Tamper.Tests.Support;

/// <summary>Another analyzer under the same name, counting how often it ran.</summary>
public sealed class CountingAnalyzer(IForensicAnalyzer inner) : IForensicAnalyzer
{
    private int _calls;

    public int Calls => _calls;

    public string Name => inner.Name;

    public string Description => inner.Description;

    public AnalysisResult Analyze(ForensicInput input)
    {
        Interlocked.Increment(ref _calls);
        return inner.Analyze(input);
    }
}
