// vm/embed/complete.h -- name completion for interactive prompts: the
// public sk_complete of include/skein.h (vm/embed/complete.c).
#ifndef SK_VM_EMBED_COMPLETE_H
#define SK_VM_EMBED_COMPLETE_H
#include "vm/core/state.h"

#endif
