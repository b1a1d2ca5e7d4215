using System.Diagnostics;
using System.Text;
using Simulator.Cli.Yaml;

namespace Simulator.Cli.Tests;

public sealed class DocumentSafetyTests
{
    [Fact]
    public void AliasBombIsRejectedQuickly()
    {
        var text = new StringBuilder("name: bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++)
        {
            char prev = (char)(c - 1);
            text.Append(c).Append(": &").Append(c).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*" + prev, 10))).Append("]\n");
        }
        var watch = Stopwatch.StartNew();
        IReadOnlyList<ScenarioError> errors = ScenarioText.Errors(text.ToString());
        watch.Stop();
        ScenarioError error = Assert.Single(errors);
        Assert.Contains("expands to more than 100000 nodes", error.Message, StringComparison.Ordinal);
        Assert.Equal((6, 4), (error.Line, error.Column));
        Assert.True(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void ModestAliasesAndMergeKeysAreAllowed()
    {
        string text = ScenarioText.Base.Replace("links:\n  - between: [client, server]\n    delay: 1ms\n",
            "links:\n  - &fast\n    between: [client, server]\n    delay: 1ms\n", StringComparison.Ordinal)
            + "faults:\n  - drop: &m { from: client, flags: SYN }\n  - delay: { <<: *m, by: 2s }\n";
        var scenario = ScenarioText.Valid(text);
        Assert.Equal(2, scenario.Faults.Count);
        Assert.Equal(Core.Network.SegmentKind.Syn, scenario.Faults[1].Kind);
        Assert.Equal("client", scenario.Faults[1].From);
    }

    [Fact]
    public void RecursiveAliasIsAnError() =>
        ScenarioText.Single("name: x\na: &a [1, *a]\n", 2, 11, "refers to a node that contains it");

    [Fact]
    public void UnknownAliasIsAnError()
    {
        var errors = ScenarioText.Errors("name: x\nseed: *nope\n");
        ScenarioText.Has(errors, 2, 7, "unknown alias '*nope'");
    }

    [Fact]
    public void OversizeTextIsRejectedQuickly()
    {
        string text = "name: big\ndescription: " + new string('x', 2 * 1024 * 1024) + "\n";
        var watch = Stopwatch.StartNew();
        ScenarioError error = ScenarioText.Single(text, 1, 1, "too large");
        Assert.Contains("at most 1048576 bytes", error.Message, StringComparison.Ordinal);
        Assert.True(watch.ElapsedMilliseconds < 2000);
    }

    [Fact]
    public void OversizeFileIsRejectedWithoutParsing()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tcpsim-big-{Guid.NewGuid():N}.yaml");
        try
        {
            using (var stream = File.Create(path)) stream.SetLength(5 * 1024 * 1024);
            var result = ScenarioLoader.Load(path);
            ScenarioError error = Assert.Single(result.Errors);
            Assert.Equal((path, 1, 1), (error.File, error.Line, error.Column));
            Assert.Contains("too large (5242880 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DeepNestingIsRejected()
    {
        string text = "name: deep\nx: " + new string('[', 100) + new string(']', 100) + "\n";
        ScenarioText.Single(text, 2, 67, "nesting is too deep (more than 64 levels");
    }

    [Fact]
    public void DuplicateKeysNameBothLocations()
    {
        string text = ScenarioText.Base + "seed: 1\nseed: 2\n";
        ScenarioText.Single(text, 20, 1, "duplicate key 'seed' (first defined at line 19, column 1)");
    }

    [Fact]
    public void DuplicateKeysInNestedMappings()
    {
        string text = ScenarioText.Base.Replace("    port: 80\n", "    port: 80\n    port: 81\n", StringComparison.Ordinal);
        ScenarioText.Single(text, 12, 5, "duplicate key 'port' (first defined at line 11, column 5)");
    }

    [Fact]
    public void InvalidUtf8IsRejectedWithItsPosition()
    {
        byte[] bytes = [.. "name: x\nhosts: é"u8.ToArray(), 0xC3, 0x28, .. "\n"u8.ToArray()];
        ScenarioError error = LoadBytes(bytes).Single();
        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("not valid UTF-8 (byte 0xC3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryInputIsRejected()
    {
        byte[] bytes = [0x7F, (byte)'E', (byte)'L', (byte)'F', 0, 0, 1, 2];
        ScenarioError error = LoadBytes(bytes).Single();
        Assert.Equal((1, 5), (error.Line, error.Column));
        Assert.Contains("looks binary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16IsRejected()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'n', 0, (byte)'a', 0];
        Assert.Contains("UTF-16", LoadBytes(bytes).Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf8ByteOrderMarkIsAccepted()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ScenarioText.Base)];
        string path = WriteTemp(bytes);
        try
        {
            Assert.True(ScenarioLoader.Load(path).Success);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void EmptyFileIsAnError(string text) => ScenarioText.Single(text, 1, 1, "the file is empty");

    [Theory]
    [InlineData("- a\n- b\n", "not a list")]
    [InlineData("just text\n", "not a single value")]
    public void TopLevelMustBeAMapping(string text, string fragment)
    {
        ScenarioError error = ScenarioText.Single(text, 1, 1, "the top level of a scenario must be a mapping");
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecondDocumentIsAnError() =>
        ScenarioText.Single(ScenarioText.Base + "---\nname: other\n", 19, 1, "one YAML document");

    [Fact]
    public void SyntaxErrorsHaveTheirPosition() =>
        ScenarioText.Single("name: x\nhosts: {client: 10.0.0.1\nlinks: []\n", 2, 15, "YAML syntax error after this point (an unclosed '[' or '{'?)");

    [Fact]
    public void BadIndentationIsASyntaxError() =>
        ScenarioText.Single("name: x\nhosts:\n  client: 10.0.0.1\n   server: 10.0.0.2\n", 4, 10, "YAML syntax error");

    [Fact]
    public void UnclosedQuoteIsASyntaxError() =>
        ScenarioText.Single("name: \"x\n", 1, 7, "YAML syntax error: while scanning a quoted scalar");

    [Fact]
    public void NonScalarKeyIsAnError()
    {
        var errors = ScenarioText.Errors("name: x\n? [a, b]\n: c\n");
        ScenarioText.Has(errors, 2, 3, "a mapping key must be a single value");
    }

    private static IReadOnlyList<ScenarioError> LoadBytes(byte[] bytes)
    {
        string path = WriteTemp(bytes);
        try
        {
            LoadResult result = ScenarioLoader.Load(path);
            Assert.False(result.Success);
            return result.Errors;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tcpsim-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
