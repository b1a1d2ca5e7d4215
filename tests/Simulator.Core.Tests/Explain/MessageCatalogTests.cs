using Simulator.Core.Explain;
using Simulator.Core.Tests.Export;
using Simulator.Core.Time;

namespace Simulator.Core.Tests.Explain;

public sealed class MessageCatalogTests
{
    [Fact]
    public void BothCatalogues_HaveTheSameMessageIds()
    {
        Assert.Equal(EnglishMessages.All.Keys.Order(StringComparer.Ordinal), ChineseMessages.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryMessage_HasTheSamePlaceholdersInBothLanguages()
    {
        foreach (var (id, english) in EnglishMessages.All)
        {
            var en = MessageCatalog.Placeholders(english).Order(StringComparer.Ordinal);
            var zh = MessageCatalog.Placeholders(ChineseMessages.All[id]).Order(StringComparer.Ordinal);
            Assert.True(en.SequenceEqual(zh), $"{id}: en {{{string.Join(",", en)}}} vs zh {{{string.Join(",", zh)}}}");
        }
    }

    [Fact]
    public void ChineseTexts_UseChineseAndTheStandardStateSpelling()
    {
        foreach (var (id, text) in ChineseMessages.All.Where(m => !m.Key.StartsWith("state-name.", StringComparison.Ordinal)))
        {
            Assert.True(text.Any(c => c >= 0x4E00 && c <= 0x9FFF), $"{id} has no Chinese: {text}");
            Assert.DoesNotContain("SYN-RECEIVED", text, StringComparison.Ordinal);
            Assert.DoesNotContain("TIME-WAIT", text, StringComparison.Ordinal);
        }
        Assert.Equal("SYN_RCVD", ChineseMessages.All["state-name.SYN-RECEIVED"]);
        Assert.Equal("TIME_WAIT", ChineseMessages.All["state-name.TIME-WAIT"]);
    }

    [Fact]
    public void Render_FillsPlaceholdersAndSpellsStatesPerLanguage()
    {
        var e = new Explanation([new ExplainLine(SimTime.FromSeconds(61), "state.generic",
            [new ExplainArg("endpoint", "client"), new ExplainArg("from", "TIME-WAIT", ArgKind.State), new ExplainArg("to", "CLOSED", ArgKind.State)])]);
        Assert.Equal("    61.000 s  client: TIME-WAIT → CLOSED.\n", MessageCatalog.Render(e, ExplainLanguage.En));
        Assert.Equal("    61.000 s  client：状态从 TIME_WAIT 变为 CLOSED。\n", MessageCatalog.Render(e, ExplainLanguage.Zh));
    }

    [Fact]
    public void Render_AMissingArgument_IsAnError()
    {
        var e = new Explanation([new ExplainLine(null, "state.generic", [new ExplainArg("endpoint", "client")])]);
        Assert.Throws<KeyNotFoundException>(() => MessageCatalog.Render(e, ExplainLanguage.En));
    }

    [Theory]
    [InlineData("en", ExplainLanguage.En)]
    [InlineData("ZH", ExplainLanguage.Zh)]
    public void Languages_ParseByName(string name, ExplainLanguage expected)
    {
        Assert.True(MessageCatalog.TryParseLanguage(name, out var language));
        Assert.Equal(expected, language);
        Assert.False(MessageCatalog.TryParseLanguage("fr", out _));
    }

    [Fact]
    public void TraceExplainer_ReadsAnyTrace_InBothLanguages()
    {
        foreach (var trace in new[] { TestTraces.Normal(), TestTraces.LostSyn(), TestTraces.InjectedRst(), TestTraces.SackedHole() })
        {
            Explanation e = TraceExplainer.Explain(trace);
            Assert.NotEmpty(MessageCatalog.Render(e, ExplainLanguage.En));
            Assert.NotEmpty(MessageCatalog.Render(e, ExplainLanguage.Zh));
        }
    }
}
