namespace Simulator.Core.Tcp;

/// <summary>
/// A list made on the first <see cref="Add"/> and dropped by <see cref="Clear"/>: an endpoint keeps no buffer
/// while it has nothing buffered (most of a TIME-WAIT socket's life).
/// </summary>
internal struct LazyList<T>
{
    private List<T>? _items;

    public readonly int Count => _items?.Count ?? 0;

    public readonly T this[int index]
    {
        get => _items![index];
        set => _items![index] = value;
    }

    public void Add(T item) => (_items ??= new List<T>(2)).Add(item);

    public readonly void RemoveAt(int index) => _items!.RemoveAt(index);

    public void Clear() => _items = null;
}
