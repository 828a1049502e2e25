// Package flv reads and writes FLV files and parses and builds the audio, video
// and script tag bodies that RTMP media messages carry, including Enhanced RTMP
// v2 (FourCC codecs, packet types, multitrack, ModEx).
//
// [Tag] is the media unit the server, hub and client share.
package flv
