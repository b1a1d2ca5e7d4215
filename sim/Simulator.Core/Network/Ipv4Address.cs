using System.Globalization;

namespace Simulator.Core.Network;

/// <summary>An IPv4 address as a host-order 32-bit value.</summary>
public readonly record struct Ipv4Address(uint Value)
{
    public static bool TryParse(string text, out Ipv4Address address)
    {
        address = default;
        string[] parts = text.Split('.');
        if (parts.Length != 4) return false;
        uint value = 0;
        foreach (string part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit)) return false;
            int octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255) return false;
            value = (value << 8) | (uint)octet;
        }
        address = new Ipv4Address(value);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value >> 24}.{(Value >> 16) & 255}.{(Value >> 8) & 255}.{Value & 255}");
}

/// <summary>An IPv4 address and a TCP port.</summary>
public readonly record struct TransportAddress(Ipv4Address Ip, ushort Port)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ip}:{Port}");
}
