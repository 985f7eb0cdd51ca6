// vm/objects/module.c -- module objects and the running frame's namespace.
// A module is a name and a dict that doubles as its globals.
#include "vm/objects/module.h"
#include "vm/core/gc.h"
#include "vm/objects/dict.h"
#include "vm/sched/tasklet.h"

SkModule *sk_module_new(SkVM *vm, SkStr *name) {
    SkModule *m = sk_gc_alloc(vm, SK_MODULE, sizeof(SkModule));
    if (!m) return NULL;
    m->name = name;
    m->dict = sk_dict_new(vm);
    if (!m->dict) return NULL;
    if (!sk_dict_set_str(vm, m->dict, vm->names.name, sk_obj(name))) return NULL;
    if (!sk_dict_set_str(vm, m->dict, vm->names.doc, SK_NONE)) return NULL;
    return m;
}

SkDict *sk_current_globals(SkVM *vm) {
    SkTasklet *t = vm->current;
    if (!t || t->nframes == 0) return NULL;
    return t->frames[t->nframes - 1].globals;
}
