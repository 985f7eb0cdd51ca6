// vm/core/exceptions.h -- the built-in exception hierarchy as one list:
// EXC(Name, Base). vm->exc.Name is the class. Order matters: a base
// comes before its subclasses. Created by vm/classes/error.c at start-up.
#ifndef SK_VM_CORE_EXCEPTIONS_H
#define SK_VM_CORE_EXCEPTIONS_H

// clang-format off
#define SK_EXCEPTIONS(EXC) \
    EXC(BaseException, BaseException) \
    EXC(SystemExit, BaseException) \
    EXC(KeyboardInterrupt, BaseException) \
    EXC(GeneratorExit, BaseException) \
    EXC(TaskletExit, SystemExit) \
    EXC(Exception, BaseException) \
    EXC(StopIteration, Exception) \
    EXC(ArithmeticError, Exception) \
    EXC(FloatingPointError, ArithmeticError) \
    EXC(OverflowError, ArithmeticError) \
    EXC(ZeroDivisionError, ArithmeticError) \
    EXC(AssertionError, Exception) \
    EXC(AttributeError, Exception) \
    EXC(BufferError, Exception) \
    EXC(EOFError, Exception) \
    EXC(ImportError, Exception) \
    EXC(ModuleNotFoundError, ImportError) \
    EXC(LookupError, Exception) \
    EXC(IndexError, LookupError) \
    EXC(KeyError, LookupError) \
    EXC(MemoryError, Exception) \
    EXC(NameError, Exception) \
    EXC(UnboundLocalError, NameError) \
    EXC(OSError, Exception) \
    EXC(FileNotFoundError, OSError) \
    EXC(FileExistsError, OSError) \
    EXC(PermissionError, OSError) \
    EXC(IsADirectoryError, OSError) \
    EXC(NotADirectoryError, OSError) \
    EXC(BlockingIOError, OSError) \
    EXC(ChildProcessError, OSError) \
    EXC(ConnectionError, OSError) \
    EXC(BrokenPipeError, ConnectionError) \
    EXC(ConnectionAbortedError, ConnectionError) \
    EXC(ConnectionRefusedError, ConnectionError) \
    EXC(ConnectionResetError, ConnectionError) \
    EXC(InterruptedError, OSError) \
    EXC(ProcessLookupError, OSError) \
    EXC(TimeoutError, OSError) \
    EXC(ReferenceError, Exception) \
    EXC(RuntimeError, Exception) \
    EXC(NotImplementedError, RuntimeError) \
    EXC(RecursionError, RuntimeError) \
    EXC(SyntaxError, Exception) \
    EXC(IndentationError, SyntaxError) \
    EXC(TabError, IndentationError) \
    EXC(SystemError, Exception) \
    EXC(TypeError, Exception) \
    EXC(ValueError, Exception) \
    EXC(UnicodeError, ValueError) \
    EXC(UnicodeDecodeError, UnicodeError) \
    EXC(UnicodeEncodeError, UnicodeError) \
    EXC(ProcessError, Exception) \
    EXC(Warning, Exception) \
    EXC(UserWarning, Warning) \
    EXC(DeprecationWarning, Warning) \
    EXC(RuntimeWarning, Warning)
// clang-format on

#endif
