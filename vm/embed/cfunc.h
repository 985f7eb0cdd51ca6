// vm/embed/cfunc.h -- C functions given to scripts: sk_define_module,
// sk_raise_error and the continuations (sk_block, sk_resume) of
// include/skein.h, implemented in vm/embed/cfunc.c.
#ifndef SK_VM_EMBED_CFUNC_H
#define SK_VM_EMBED_CFUNC_H
#include "vm/embed/host.h"

#endif
