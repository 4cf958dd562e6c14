package config

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// entry is one registered type.
type entry struct {
	module, class string
	typ           reflect.Type // the type factory returns (a pointer for layers)
	factory       func() any
}

// registry holds the registered types by module and class and by type.
var registry = struct {
	sync.RWMutex
	byName map[string]*entry       // "module>class"
	byType map[reflect.Type]*entry // the factory's type
}{byName: map[string]*entry{}, byType: map[reflect.Type]*entry{}}

// Register makes the type that factory returns known under className, so
// that its values can be written as configs and read back. factory must
// return a new value with the type's defaults (a pointer for layers and
// optimizers, whose methods have pointer receivers). The module of the
// class is the last element of the type's package path. Registering a
// class name twice in one module, or one type under two names, panics, as
// it is a programming error.
func Register(className string, factory func() any) {
	if className == "" || factory == nil {
		panic("config: Register needs a class name and a factory")
	}
	v := factory()
	if v == nil {
		panic(fmt.Sprintf("config: Register(%q): the factory returns nil", className))
	}
	t := reflect.TypeOf(v)
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		panic(fmt.Sprintf("config: Register(%q): %v is not a struct or a pointer to one", className, t))
	}
	e := &entry{module: path.Base(st.PkgPath()), class: className, typ: t, factory: factory}
	registry.Lock()
	defer registry.Unlock()
	key := e.module + ">" + className
	if old, ok := registry.byName[key]; ok {
		panic(fmt.Sprintf("config: class %s is registered twice (%v and %v)", key, old.typ, t))
	}
	if old, ok := registry.byType[t]; ok {
		panic(fmt.Sprintf("config: %v is registered twice (as %s and %s)", t, old.class, className))
	}
	registry.byName[key] = e
	registry.byType[t] = e
}

// ClassOf returns the module and class name under which v's type is
// registered.
func ClassOf(v any) (module, class string, ok bool) {
	registry.RLock()
	defer registry.RUnlock()
	e, ok := registry.byType[reflect.TypeOf(v)]
	if !ok {
		return "", "", false
	}
	return e.module, e.class, true
}

// lookup finds the class for a config: by module and class when module is
// given, else by class alone among the types assignable to want.
func lookup(module, class string, want reflect.Type) (*entry, error) {
	registry.RLock()
	defer registry.RUnlock()
	if module != "" {
		e, ok := registry.byName[module+">"+class]
		if !ok {
			return nil, fmt.Errorf("unknown class %q in module %q (known there: %s)", class, module, knownIn(module))
		}
		return e, nil
	}
	var found []*entry
	for _, e := range registry.byName {
		if e.class == class && (want == nil || e.typ.AssignableTo(want)) {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("unknown class %q (register it with config.Register)", class)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("class %q is ambiguous without a module (%s and %s)", class, found[0].module, found[1].module)
}

// knownIn lists the classes registered in module, sorted.
func knownIn(module string) string {
	var names []string
	for _, e := range registry.byName {
		if e.module == module {
			names = append(names, e.class)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// Classes returns the registered classes of a module ("layers",
// "optimizers", …), sorted.
func Classes(module string) []string {
	registry.RLock()
	defer registry.RUnlock()
	var names []string
	for _, e := range registry.byName {
		if e.module == module {
			names = append(names, e.class)
		}
	}
	sort.Strings(names)
	return names
}

// New returns a new value of a registered class, with its defaults.
func New(module, class string) (any, error) {
	e, err := lookup(module, class, nil)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return e.factory(), nil
}
