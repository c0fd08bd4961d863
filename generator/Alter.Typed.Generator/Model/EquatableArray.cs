using System;
using System.Collections;
using System.Collections.Generic;

namespace Alter.Typed.Generator.Model
{
    /// <summary>
    /// An immutable array with value equality, so pipeline models built from it compare by content
    /// (the incremental driver then reports <c>Unchanged</c> instead of re-running the outputs).
    /// </summary>
    /// <remarks>
    /// A class, not a struct: Roslyn's node tables are generic over each pipeline value's type, and a value type gets its own
    /// JIT of them in every compiler process (a struct here was about a third of the generator's cold-run JIT: 456 of 1,361
    /// methods); reference types share one compiled copy with every other generator.
    /// </remarks>
    internal sealed class EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly EquatableArray<T> Empty = new EquatableArray<T>(Array.Empty<T>());

        private readonly T[] _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = new List<T>(items).ToArray();

        public int Count => _items.Length;

        public T this[int index] => _items[index];

        public bool IsEmpty => _items.Length == 0;

        public bool Equals(EquatableArray<T>? other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (other is null || _items.Length != other._items.Length)
            {
                return false;
            }

            for (int i = 0; i < _items.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(_items[i], other._items[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            foreach (T item in _items)
            {
                hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
            }

            return hash;
        }

        public static bool operator ==(EquatableArray<T>? left, EquatableArray<T>? right)
            => left is null ? right is null : left.Equals(right);

        public static bool operator !=(EquatableArray<T>? left, EquatableArray<T>? right) => !(left == right);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> From<T>(IEnumerable<T> items)
            where T : IEquatable<T> => new EquatableArray<T>(items);
    }
}
