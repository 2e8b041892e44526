using System.Text;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The worker's stdout, stderr and RpcLog lines in arrival order, bounded: a long bench run keeps its
/// last few MiB and says how many lines it dropped.
/// </summary>
internal sealed class HostOutput
{
    private const int MaxChars = 4 * 1024 * 1024;

    private readonly Queue<string> _lines = new();
    private readonly Action<string>? _listener;
    private long _chars;
    private long _dropped;

    public HostOutput(Action<string>? listener = null) => _listener = listener;

    public void Append(string source, string line)
    {
        var entry = $"[{source}] {line}";
        lock (_lines)
        {
            // Under the lock, so a listener sees lines in the same order as the buffer.
            _listener?.Invoke(entry);
            _lines.Enqueue(entry);
            _chars += entry.Length + 1;
            while (_chars > MaxChars && _lines.Count > 1)
            {
                _chars -= _lines.Dequeue().Length + 1;
                _dropped++;
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            var text = new StringBuilder((int)_chars + 64);
            if (_dropped > 0)
            {
                text.Append("[host double] ").Append(_dropped).Append(" earlier lines dropped\n");
            }

            foreach (var line in _lines)
            {
                text.Append(line).Append('\n');
            }

            return text.ToString();
        }
    }
}
