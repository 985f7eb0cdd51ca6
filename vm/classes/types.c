// vm/classes/types.c -- start-up of the built-in classes: sk_init_types creates
// every class of SkBuiltinTypes (vm->t) with its base, makes the
// NotImplemented and Ellipsis singletons, and registers the methods of
// each type (the library's vm/*_methods.c, ranges and iterators here).
// object's and type's own methods come later from the runtime
// (sk_init_class_methods, run by sk_init_exceptions); the `construct`
// hooks that make calling a type work come from stdlib/builtins_types.c.
#include "vm/classes/types.h"
#include "vm/classes/class.h"
#include "vm/classes/frame_object.h"
#include "vm/classes/generic_alias.h"
#include "vm/core/gc.h"
#include "vm/objects/bytearray.h"
#include "vm/objects/bytes_methods.h"
#include "vm/objects/complex.h"
#include "vm/objects/dict.h"
#include "vm/objects/dict_methods.h"
#include "vm/objects/iter.h"
#include "vm/objects/list_methods.h"
#include "vm/objects/number_methods.h"
#include "vm/objects/range.h"
#include "vm/objects/str_methods.h"

typedef struct TypeSpec {
    size_t offset; // of the SkClass * in SkBuiltinTypes
    const char *name;
    size_t base; // offset of the base class, or SIZE_MAX for object
    SkKind kind; // kind of the instances
} TypeSpec;

#define T(field) offsetof(SkBuiltinTypes, field)
#define OBJ SIZE_MAX

// Order matters: a base comes before the classes derived from it.
static const TypeSpec specs[] = {
    {T(type), "type", OBJ, SK_CLASS},
    {T(none), "NoneType", OBJ, SK_INSTANCE},
    {T(int_), "int", OBJ, SK_INSTANCE},
    {T(bool_), "bool", T(int_), SK_INSTANCE},
    {T(float_), "float", OBJ, SK_INSTANCE},
    {T(str), "str", OBJ, SK_STR},
    {T(bytes), "bytes", OBJ, SK_BYTES},
    {T(tuple), "tuple", OBJ, SK_TUPLE},
    {T(list), "list", OBJ, SK_LIST},
    {T(dict), "dict", OBJ, SK_DICT},
    {T(set), "set", OBJ, SK_SET},
    {T(frozenset), "frozenset", OBJ, SK_SET},
    {T(range), "range", OBJ, SK_RANGE},
    {T(slice), "slice", OBJ, SK_SLICE},
    {T(cell), "cell", OBJ, SK_CELL},
    {T(code), "code", OBJ, SK_CODE},
    {T(function), "function", OBJ, SK_FUNCTION},
    {T(builtin_function), "builtin_function_or_method", OBJ, SK_NATIVE},
    {T(method), "method", OBJ, SK_BOUND_METHOD},
    {T(module), "module", OBJ, SK_MODULE},
    {T(generator), "generator", OBJ, SK_GENERATOR},
    {T(dict_keys), "dict_keys", OBJ, SK_DICT_VIEW},
    {T(dict_values), "dict_values", OBJ, SK_DICT_VIEW},
    {T(dict_items), "dict_items", OBJ, SK_DICT_VIEW},
    {T(property), "property", OBJ, SK_PROPERTY},
    {T(staticmethod), "staticmethod", OBJ, SK_PROPERTY},
    {T(classmethod), "classmethod", OBJ, SK_PROPERTY},
    {T(super), "super", OBJ, SK_SUPER},
    {T(file), "TextIOWrapper", OBJ, SK_FILE},
    {T(not_implemented_type), "NotImplementedType", OBJ, SK_INSTANCE},
    {T(ellipsis_type), "ellipsis", OBJ, SK_INSTANCE},
    {T(list_iterator), "list_iterator", OBJ, SK_ITER},
    {T(tuple_iterator), "tuple_iterator", OBJ, SK_ITER},
    {T(range_iterator), "range_iterator", OBJ, SK_ITER},
    {T(str_iterator), "str_ascii_iterator", OBJ, SK_ITER},
    {T(bytes_iterator), "bytes_iterator", OBJ, SK_ITER},
    {T(dict_keyiterator), "dict_keyiterator", OBJ, SK_ITER},
    {T(dict_valueiterator), "dict_valueiterator", OBJ, SK_ITER},
    {T(dict_itemiterator), "dict_itemiterator", OBJ, SK_ITER},
    {T(set_iterator), "set_iterator", OBJ, SK_ITER},
    {T(list_reverseiterator), "list_reverseiterator", OBJ, SK_ITER},
    {T(enumerate), "enumerate", OBJ, SK_ITER},
    {T(zip), "zip", OBJ, SK_ITER},
    {T(map), "map", OBJ, SK_ITER},
    {T(filter), "filter", OBJ, SK_ITER},
    {T(reversed), "reversed", OBJ, SK_ITER},
    {T(iterator), "iterator", OBJ, SK_ITER},
    {T(callable_iterator), "callable_iterator", OBJ, SK_ITER},
    {T(generic_alias), "GenericAlias", OBJ, SK_INSTANCE},
    {T(union_type), "UnionType", OBJ, SK_INSTANCE},
    {T(frame), "frame", OBJ, SK_INSTANCE},
    {T(traceback), "traceback", OBJ, SK_INSTANCE},
    {T(bytearray), "bytearray", OBJ, SK_BYTEARRAY},
    {T(complex_), "complex", OBJ, SK_COMPLEX},
};

#undef T

static SkClass **slot(SkVM *vm, size_t offset) { return (SkClass **)((char *)&vm->t + offset); }

// A singleton instance of cls (NotImplemented, Ellipsis).
static SkValue singleton(SkVM *vm, SkClass *cls) {
    if (!cls) return SK_NONE;
    SkInstance *o = sk_gc_alloc(vm, SK_INSTANCE, sizeof(SkInstance));
    if (!o) return SK_NONE;
    o->cls = cls;
    o->dict = sk_dict_new(vm);
    o->base = SK_UNDEF;
    return sk_obj(o);
}

void sk_init_types(SkVM *vm) {
    if (!vm->t.object) vm->t.object = sk_class_new_builtin(vm, "object", NULL, SK_INSTANCE);
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const TypeSpec *s = &specs[i];
        SkClass **c = slot(vm, s->offset);
        if (*c) continue;
        SkClass *base = s->base == OBJ ? vm->t.object : *slot(vm, s->base);
        *c = sk_class_new_builtin(vm, s->name, base, s->kind);
    }
    vm->not_implemented = singleton(vm, vm->t.not_implemented_type);
    vm->ellipsis = singleton(vm, vm->t.ellipsis_type);

    sk_init_str_methods(vm);
    sk_init_bytes_methods(vm);
    sk_init_list_methods(vm);
    sk_init_tuple_methods(vm);
    sk_init_dict_methods(vm);
    sk_init_set_methods(vm);
    sk_init_number_methods(vm);
    sk_init_range_methods(vm);
    sk_init_iter_methods(vm);
    sk_init_generic_alias(vm);
    sk_init_frame_objects(vm);
    sk_init_bytearray_methods(vm);
    sk_init_complex_methods(vm);
}
