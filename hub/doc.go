// Package hub is the in-process publish/subscribe of flv.Tags keyed by app and
// stream name: one publisher, many subscribers, bounded queues with
// keyframe-aware dropping, and the metadata, sequence-header and GOP cache that
// lets late joiners start at once. It imports neither net nor rtmp.
package hub
