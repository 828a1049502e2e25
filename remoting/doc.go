// Package remoting implements Flash Remoting, AMF over HTTP: a gateway
// http.Handler with services registered by name, and a client.
package remoting
