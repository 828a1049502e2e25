package amfstruct

import (
	"reflect"
	"sync"
)

// Cache holds one *T per struct type, built on first use. The zero value
// is ready to use; a Cache is safe for concurrent use.
type Cache[T any] struct {
	m sync.Map // reflect.Type → *T
}

// Get returns the *T of t, calling build once it is not yet cached (two
// goroutines may both build; one result is kept).
func (c *Cache[T]) Get(t reflect.Type, build func(reflect.Type) *T) *T {
	if v, ok := c.m.Load(t); ok {
		return v.(*T)
	}
	v, _ := c.m.LoadOrStore(t, build(t))
	return v.(*T)
}
