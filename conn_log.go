package rtmp

import "log/slog"

// logger returns the connection's logger: the server's, with the client's
// address and, once the connect command was seen, the application. It is
// made on each use rather than kept: a connection logs a handful of lines in
// its life, while a kept logger and its formatted attributes would cost
// about 0.7 KiB for every connection (as much as a player's queue).
func (c *ServerConn) logger() *slog.Logger {
	remote := c.nc.RemoteAddr().String()
	if app := c.logApp.Load(); app != nil {
		return c.srv.logger().With("remote", remote, "app", *app)
	}
	return c.srv.logger().With("remote", remote)
}
