package flv

import "fmt"

// AudioChannelOrder is the channel ordering of a MultichannelConfig.
type AudioChannelOrder uint8

// Channel orders.
const (
	ChannelOrderUnspecified AudioChannelOrder = 0 // only the channel count is known
	ChannelOrderNative      AudioChannelOrder = 1 // channels given by AudioChannelMask bits
	ChannelOrderCustom      AudioChannelOrder = 2 // channels listed one by one
)

// AudioChannel identifies a speaker position in a custom channel mapping.
type AudioChannel uint8

// Speaker positions (PROTOCOL.md §10.6).
const (
	ChannelFrontLeft         AudioChannel = 0
	ChannelFrontRight        AudioChannel = 1
	ChannelFrontCenter       AudioChannel = 2
	ChannelLowFrequency1     AudioChannel = 3
	ChannelBackLeft          AudioChannel = 4
	ChannelBackRight         AudioChannel = 5
	ChannelFrontLeftCenter   AudioChannel = 6
	ChannelFrontRightCenter  AudioChannel = 7
	ChannelBackCenter        AudioChannel = 8
	ChannelSideLeft          AudioChannel = 9
	ChannelSideRight         AudioChannel = 10
	ChannelTopCenter         AudioChannel = 11
	ChannelTopFrontLeft      AudioChannel = 12
	ChannelTopFrontCenter    AudioChannel = 13
	ChannelTopFrontRight     AudioChannel = 14
	ChannelTopBackLeft       AudioChannel = 15
	ChannelTopBackCenter     AudioChannel = 16
	ChannelTopBackRight      AudioChannel = 17
	ChannelLowFrequency2     AudioChannel = 18
	ChannelTopSideLeft       AudioChannel = 19
	ChannelTopSideRight      AudioChannel = 20
	ChannelBottomFrontCenter AudioChannel = 21
	ChannelBottomFrontLeft   AudioChannel = 22
	ChannelBottomFrontRight  AudioChannel = 23
	ChannelUnused            AudioChannel = 0xfe // channel is empty, may be ignored
	ChannelUnknown           AudioChannel = 0xff // channel has unknown or undefined content
)

// AudioChannelMask is a set of speaker positions: bit n is AudioChannel n.
type AudioChannelMask uint32

// Mask returns the mask bit of a speaker position (0 for Unused/Unknown).
func (c AudioChannel) Mask() AudioChannelMask {
	if c > ChannelBottomFrontRight {
		return 0
	}
	return 1 << c
}

// MultichannelConfig is the body of an Enhanced audio MultichannelConfig
// packet.
type MultichannelConfig struct {
	Order    AudioChannelOrder
	Count    uint8            // channelCount
	Channels []AudioChannel   // Custom order: one id per channel
	Mask     AudioChannelMask // Native order
}

// ParseMultichannelConfig decodes a MultichannelConfig body. Bytes after the
// config are ignored. Unknown orders give an error wrapping ErrReserved.
func ParseMultichannelConfig(b []byte) (MultichannelConfig, error) {
	if len(b) < 2 {
		return MultichannelConfig{}, errShort
	}
	c := MultichannelConfig{Order: AudioChannelOrder(b[0]), Count: b[1]}
	switch c.Order {
	case ChannelOrderUnspecified:
	case ChannelOrderNative:
		if len(b) < 6 {
			return c, errShort
		}
		c.Mask = AudioChannelMask(u32(b[2:]))
	case ChannelOrderCustom:
		n := int(c.Count)
		if len(b) < 2+n {
			return c, errShort
		}
		c.Channels = make([]AudioChannel, n)
		for i := range n {
			c.Channels[i] = AudioChannel(b[2+i])
		}
	default:
		return c, reserved("AudioChannelOrder", uint8(c.Order))
	}
	return c, nil
}

// AppendMultichannelConfig appends the encoding of c to b. For the Custom
// order len(c.Channels) must equal c.Count.
func AppendMultichannelConfig(b []byte, c MultichannelConfig) ([]byte, error) {
	b = append(b, byte(c.Order), c.Count)
	switch c.Order {
	case ChannelOrderUnspecified:
	case ChannelOrderNative:
		b = appendU32(b, uint32(c.Mask))
	case ChannelOrderCustom:
		if len(c.Channels) != int(c.Count) {
			return b, fmt.Errorf("flv: custom channel order with %d ids for %d channels", len(c.Channels), c.Count)
		}
		for _, ch := range c.Channels {
			b = append(b, byte(ch))
		}
	default:
		return b, fmt.Errorf("flv: invalid AudioChannelOrder %d", c.Order)
	}
	return b, nil
}
