package rtmp

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rtmpkit/rtmp/amf0"
)

// ParseConnArgs parses conn= AMF argument items, the syntax librtmp's conn=
// option and FFmpeg's -rtmp_conn share (PROTOCOL.md §1.2): B:0|1 boolean,
// N:1.5 number, S:text string, Z: null, O:1 opens an object and O:0 closes
// it; inside an object the named forms NB:name:v, NN:, NS:, NZ: and NO:name:1
// add properties. The result holds bool, float64, string, nil and
// amf0.Object values in order.
func ParseConnArgs(items ...string) ([]any, error) {
	var c connBuilder
	for _, it := range items {
		if err := c.add(it); err != nil {
			return nil, err
		}
	}
	return c.finish()
}

// connBuilder accumulates conn= items; open holds the objects not yet closed.
type connBuilder struct {
	args []any
	open []*connObject
}

type connObject struct {
	name  string // property name in the parent, when the parent is an object
	props amf0.Object
}

var errConnSyntax = errors.New("conn argument must look like T:value or NT:name:value")

func (c *connBuilder) add(item string) error {
	kind, rest, ok := strings.Cut(item, ":")
	if !ok || kind == "" {
		return errConnSyntax
	}
	name, named := "", false
	if len(kind) == 2 && kind[0] == 'N' {
		named = true
		kind = kind[1:]
		name, rest, ok = strings.Cut(rest, ":")
		if !ok {
			return errConnSyntax
		}
	}
	if len(kind) != 1 {
		return errConnSyntax
	}
	if named != (len(c.open) > 0) && !(kind == "O" && rest == "0") {
		if named {
			return errors.New("named conn argument outside an object")
		}
		return errors.New("unnamed conn argument inside an object")
	}
	var v any
	switch kind[0] {
	case 'B':
		// librtmp reads the value with atoi: any non-zero number is true.
		f, err := strconv.ParseFloat(rest, 64)
		v = parseOptionBool(rest) || (err == nil && f != 0)
	case 'N':
		f, err := strconv.ParseFloat(rest, 64)
		if err != nil {
			return errors.New("the N type needs a number")
		}
		v = f
	case 'S':
		v = rest
	case 'Z':
		v = nil
	case 'O':
		switch rest {
		case "1":
			c.open = append(c.open, &connObject{name: name})
			return nil
		case "0":
			return c.close()
		}
		return errors.New("an object item takes 1 (open) or 0 (close)")
	default:
		return errConnSyntax
	}
	c.put(name, v)
	return nil
}

// put appends v to the innermost open object, or to the top-level arguments.
func (c *connBuilder) put(name string, v any) {
	if n := len(c.open); n > 0 {
		c.open[n-1].props = append(c.open[n-1].props, amf0.Pair{Key: name, Value: v})
		return
	}
	c.args = append(c.args, v)
}

func (c *connBuilder) close() error {
	n := len(c.open)
	if n == 0 {
		return errors.New("O:0 without an open object")
	}
	obj := c.open[n-1]
	c.open = c.open[:n-1]
	props := obj.props
	if props == nil {
		props = amf0.Object{}
	}
	c.put(obj.name, props)
	return nil
}

func (c *connBuilder) finish() ([]any, error) {
	if len(c.open) > 0 {
		return nil, errors.New("object opened with O:1 is not closed")
	}
	return c.args, nil
}
