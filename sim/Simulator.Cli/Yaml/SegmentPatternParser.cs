using System.Globalization;
using Simulator.Core.Export;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Yaml;

/// <summary>
/// One line of a <c>segments:</c> expectation: <c>from&gt;to FLAGS [seq ack [len]] [NOTE] [SACK]</c>, like
/// <c>server&gt;client [S.] 0 1 LOST</c>. FLAGS as tcpdump shows them; NOTE one of LOST, DUP, DELAYED, INJECTED, optionally
/// followed by STALE; SACK the segment's SACK blocks as <c>segments.txt</c> writes them (<c>sack 1449-2897</c>,
/// <c>dsack 1-101 [sack ...]</c>), checked only when given.
/// </summary>
internal static class SegmentPatternParser
{
    public const string Syntax = "'from>to [FLAGS] [seq ack [len]] [NOTE] [sack L-R ...]', like 'server>client [S.] 0 1 LOST'";
    public static readonly IReadOnlyList<string> Notes = ["LOST", "DUP", "DELAYED", "INJECTED", "STALE"];

    private readonly record struct Token(string Text, int Index);

    public static SegmentPattern? Parse(DocScalar scalar, ReadContext context)
    {
        List<Token> tokens = Tokenize(scalar.Value);
        if (tokens.Count < 2)
        {
            context.Report(scalar.PositionOf(0), $"'{scalar.Value}' is not a segment pattern; write {Syntax}");
            return null;
        }
        int mark = context.ErrorMark;
        (string From, string To)? direction = ParseDirection(scalar, tokens[0], context);
        TcpFlags flags = TcpFlags.None;
        if (!FlagsSyntax.TryParse(tokens[1].Text, out flags, out string flagsError))
        {
            context.Report(scalar.PositionOf(tokens[1].Index), flagsError);
        }

        List<Token> rest = tokens[2..];
        // SACK blocks last, as segments.txt writes them: 'sack L-R ...' or 'dsack L-R [sack L-R ...]'.
        string? sack = null;
        List<string> words = rest.Select(t => t.Text.ToLowerInvariant()).ToList();   // SACK, like the notes, in any case
        int sackAt = SackText.Start(words);
        if (sackAt >= 0)
        {
            if (SackText.TryParse(words[sackAt..], out string sackText, out string sackError)) sack = sackText;
            else context.Report(scalar.PositionOf(rest[sackAt].Index), sackError);
            rest = rest[..sackAt];
        }
        // Notes: the fate's (LOST, DUP, DELAYED, INJECTED), then STALE, as segments.txt writes them.
        List<string> notes = [];
        while (rest.Count > 0 && rest[^1].Text.All(char.IsAsciiLetter))
        {
            Token last = rest[^1];
            rest.RemoveAt(rest.Count - 1);
            string word = last.Text.ToUpperInvariant();
            notes.Insert(0, word);
            if (!Notes.Contains(word))
            {
                context.Report(scalar.PositionOf(last.Index),
                    $"unknown note '{last.Text}'{DidYouMean.Hint(last.Text, Notes)}; allowed: {string.Join(", ", Notes)}");
            }
        }
        string? note = notes.Count == 0 ? null : string.Join(' ', notes);
        List<uint> numbers = [];
        foreach (Token t in rest)
        {
            if (ScalarValues.TryUInt32(t.Text, out uint n, out _)) numbers.Add(n);
            else context.Report(scalar.PositionOf(t.Index), $"'{t.Text}' is not a sequence number; write {Syntax}");
        }
        if (rest.Count is 1 or > 3)
        {
            context.Report(scalar.PositionOf(rest[0].Index), string.Create(CultureInfo.InvariantCulture,
                $"a segment pattern has no numbers, or seq and ack, or seq, ack and len; found {rest.Count}"));
        }
        if (!context.NoErrorsSince(mark) || direction is not (string from, string to)) return null;
        return new SegmentPattern(from, to, flags,
            numbers.Count >= 2 ? numbers[0] : null,
            numbers.Count >= 2 ? numbers[1] : null,
            numbers.Count == 3 ? (int)numbers[2] : null,
            note, sack)
        {
            Where = context.Span(scalar.PositionOf(0)),
        };
    }

    private static (string From, string To)? ParseDirection(DocScalar scalar, Token token, ReadContext context)
    {
        string[] parts = token.Text.Split('>');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            context.Report(scalar.PositionOf(token.Index), $"'{token.Text}' is not a direction like 'client>server'; write {Syntax}");
            return null;
        }
        string? from = References.Host(parts[0], scalar.PositionOf(token.Index), "segments", context);
        string? to = References.Host(parts[1], scalar.PositionOf(token.Index + parts[0].Length + 1), "segments", context);
        if (from is null || to is null) return null;
        if (from == to)
        {
            context.Report(scalar.PositionOf(token.Index), $"'{token.Text}' goes from a host to itself");
            return null;
        }
        return (from, to);
    }

    private static List<Token> Tokenize(string text)
    {
        List<Token> tokens = [];
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) tokens.Add(new Token(text[start..i], start));
        }
        return tokens;
    }
}
