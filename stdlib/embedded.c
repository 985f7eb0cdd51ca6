// stdlib/embedded.c -- imports the modules written in Skein that the build
// embedded into the binary (stdlib/embedded.h). vm/exec/import.c calls
// sk_import_embedded after sys.path had no file of that name, so a
// module in the script's folder or on SKEINPATH still wins, as CPython's
// path order lets a local file shadow the library.
#include "stdlib/embedded.h"
#include "parser/compile.h"
#include "vm/objects/dict.h"
#include "vm/classes/error.h"
#include "vm/core/gc.h"
#include "vm/exec/import.h"
#include "vm/objects/str.h"

SkValue sk_import_embedded(SkVM *vm, SkStr *name, bool *found) {
    *found = false;
    for (const SkEmbeddedModule *e = sk_embedded_modules; e->name; e++) {
        if (strcmp(e->name, name->data) != 0) continue;
        *found = true;
        // Tracebacks name the file as CPython names frozen modules.
        SkStr *fname = sk_str_format(vm, "<frozen %s>", e->name);
        if (!fname) return SK_ERR;
        SkCode *code = sk_compile(vm, e->source, e->len, fname->data, SK_PARSE_FILE);
        if (!code) return SK_ERR;
        SkModule *m = sk_module_new(vm, name);
        if (!m) return SK_ERR;
        if (!sk_dict_set_str(vm, m->dict, vm->names.file, sk_obj(fname)) ||
            !sk_dict_set_cstr(vm, m->dict, "__package__", sk_obj(vm->names.empty)) ||
            !sk_dict_set_str(vm, vm->modules, name, sk_obj(m)))
            return SK_ERR;
        SkValue r = sk_run_code(vm, code, m->dict);
        if (SK_IS_ERR(r)) {
            SkValue exc = sk_take_exc(vm);
            sk_push_root(vm, exc);
            if (sk_dict_del(vm, vm->modules, sk_obj(name)) < 0) sk_clear_exc(vm);
            vm->current->exc = exc;
            sk_pop_root(vm);
            return SK_ERR;
        }
        SkValue cached = sk_dict_get_str(vm->modules, name);
        return SK_IS_UNDEF(cached) ? sk_obj(m) : cached;
    }
    return SK_UNDEF;
}
