using System.Globalization;
using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Directory;

/// <summary>
/// A search of <c>/api/v1/user/search</c> or <c>/group/search</c> (Nuxeo's parameters): <c>q=*</c> lists all, an
/// empty or absent <c>q</c> none, anything else matches case-insensitively anywhere in the searched fields; the page
/// is <c>currentPageIndex</c> (from 0) of <c>pageSize</c> entries (50 by default, at most <see cref="MaxPageSize"/>).
/// </summary>
internal sealed record DirectorySearch(string? Query, int PageIndex, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>The longest query looked for: longer than any field, so it could match nothing anyway.</summary>
    private const int MaxQueryLength = 256;

    /// <summary>The search the query string asks for, or the problem with it (a 400's text).</summary>
    public static DirectorySearch? From(IQueryCollection query, out string? problem)
    {
        var q = query.Value("q");
        if (q is { Length: > MaxQueryLength })
        {
            problem = $"q must be at most {MaxQueryLength} characters.";
            return null;
        }

        if (!TryRead(query, "currentPageIndex", 0, int.MaxValue / MaxPageSize, out var index) ||
            !TryRead(query, "pageSize", DefaultPageSize, int.MaxValue, out var size))
        {
            problem = "currentPageIndex and pageSize must be whole numbers, at least 0.";
            return null;
        }

        problem = null;

        // Nuxeo's pageSize=0 means as many as allowed; more than allowed is the most allowed.
        return new DirectorySearch(q, index, size == 0 ? MaxPageSize : Math.Min(size, MaxPageSize));
    }

    /// <summary>True when an entry with these searched fields is a result.</summary>
    public bool Matches(params ReadOnlySpan<string?> fields)
    {
        if (Query is null)
        {
            return false;
        }

        if (Query == "*")
        {
            return true;
        }

        foreach (var field in fields)
        {
            if (field is not null && field.Contains(Query, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>This search's page of <paramref name="results"/>.</summary>
    public IReadOnlyList<T> Slice<T>(IReadOnlyList<T> results) => results.Skip(PageIndex * PageSize).Take(PageSize).ToList();

    /// <summary>Nuxeo's paged list of this search's page, <paramref name="entries"/>, out of <paramref name="resultsCount"/> results.</summary>
    public PageJson<T> Page<T>(string entityType, int resultsCount, IReadOnlyList<T> entries)
    {
        var pages = (resultsCount + PageSize - 1) / PageSize;
        return new PageJson<T>(
            entityType,
            IsPaginable: true,
            resultsCount,
            PageSize,
            MaxPageSize,
            entries.Count,
            PageIndex,
            pages,
            IsPreviousPageAvailable: PageIndex > 0,
            IsNextPageAvailable: PageIndex + 1 < pages,
            entries);
    }

    private static bool TryRead(IQueryCollection query, string name, int fallback, int max, out int value)
    {
        if (query.Value(name) is not { } text)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}
