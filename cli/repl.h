/* cli/repl.h -- the interactive prompt of the `skein` command (cli/repl.c),
 * on GNU readline. */
#ifndef SK_CLI_REPL_H
#define SK_CLI_REPL_H
#include "skein.h"
#include <stdbool.h>

/* Run the REPL on the terminal until Ctrl-D or exit(). [quiet] leaves out
 * the banner. Returns the process exit status. */
int sk_cli_repl(SkVM *vm, bool quiet);
/* The interactive loop without a terminal (`skein -i` with stdin piped):
 * statements read from stdin, prompts written to stderr, as CPython does.
 * Returns the process exit status. */
int sk_cli_repl_plain(SkVM *vm);

#endif
