# quire — a proceedings compiler.  Plain make; every library through
# pkg-config except libharu, libhyphen and mimalloc, which ship no .pc file.
#
#   make            build ./quire
#   make demo       install missing Debian packages, build, check the sample volume and build it into out/
#   make test       install missing packages, build, run every test, then again under ASan+UBSan,
#                   and the parallel build under ThreadSanitizer
#   make install    PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKGS     := libcmark-gfm libxml-2.0 libpcre2-8 yaml-0.1 icu-uc icu-i18n fontconfig libpng libjpeg zlib

# SAN=1 builds a separate tree under build-san with AddressSanitizer and
# UndefinedBehaviorSanitizer; the normal build lives under build.
ifeq ($(FUZZ),1)
# libFuzzer needs clang; the library is instrumented, the targets link the fuzzer.
CC       := clang
BUILD    := build-fuzz
OPT      := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
else ifeq ($(TSAN),1)
# ThreadSanitizer: the parallel loading and page writing.
BUILD    := build-tsan
OPT      := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
else ifeq ($(SAN),1)
BUILD    := build-san
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD    := build
OPT      := -O2 -g
# mimalloc takes over malloc in the release build: a page and its model are
# thousands of small allocations, and it makes the archive ~15% faster.
# The sanitizer builds keep glibc's, which the sanitizers replace anyway.
MALLOC   := -lmimalloc
MALLOC_CFLAGS := -DQUIRE_MIMALLOC
endif

# Recursively expanded on purpose: pkg-config runs when a recipe needs the
# flags, i.e. after `make demo`/`make test` have installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CFLAGS   ?=
CFLAGS   += -pthread -std=c17 -Wall -Wextra -Wshadow -Wno-unused-parameter $(OPT) \
            -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DQUIRE_VERSION='"$(VERSION)"' \
            -DQUIRE_DATADIR='"$(PREFIX)/share/quire"' -I. -MMD -MP $(MALLOC_CFLAGS)
LDLIBS    = $(MALLOC) $(PKG_LIBS) -lhpdf -lhyphen -lm -pthread
# The whole library goes into every program: render/hpdf_speed.o defines
# functions only libharu calls (they replace its own), so nothing in quire
# would pull it out of the archive.
QUIRE_LIB = -Wl,--whole-archive $(BUILD)/libquire.a -Wl,--no-whole-archive

LIB_SRC  := $(sort $(wildcard proceedings/*.c render/*.c))
CLI_SRC  := $(sort $(wildcard cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
# The same targets as plain programs that replay saved inputs (tests/fuzz/crashes).
REPLAY_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/replay/%)

ifeq ($(FUZZ),1)
all: $(FUZZ_BIN)
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libquire.a
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< $(QUIRE_LIB) $(LDLIBS)
else ifeq ($(SAN),1)
all: $(BUILD)/quire $(UNIT_BIN) $(REPLAY_BIN)
else
all: quire
quire: $(BUILD)/quire
	cp $< $@
endif

$(BUILD)/quire: $(CLI_OBJ) $(BUILD)/libquire.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(QUIRE_LIB) $(LDLIBS)

$(BUILD)/libquire.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libquire.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(QUIRE_LIB) $(LDLIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/replay/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(BUILD)/libquire.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(QUIRE_LIB) $(LDLIBS)

units: $(UNIT_BIN) $(REPLAY_BIN)

deps:
	@scripts/deps.sh

demo: deps
	$(MAKE) all
	./quire check examples/volume
	./quire build examples/volume -o out

test: deps
	$(MAKE) all units
	scripts/run-tests.sh build
	./quire archive examples/archive.yaml -o build/site
	sh scripts/corpus-site.sh ./quire build/corpus || [ $$? -eq 2 ]
	scripts/browser-tests.sh build/site $$([ -d build/corpus/out/site ] && echo build/corpus/out/site)
	$(MAKE) SAN=1 all
	scripts/run-tests.sh build-san
	$(MAKE) TSAN=1 build-tsan/quire
	QUIRE=build-tsan/quire sh tests/e2e/parallel.sh

# Speed and memory beside pandoc, pdflatex and hugo (figures in the README).
bench:
	scripts/bench.sh

# Run every fuzz target for FUZZ_SECONDS (default 60) each; see scripts/fuzz.sh.
fuzz:
	@scripts/deps.sh fuzz
	$(MAKE) FUZZ=1 all
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),60)

man/quire.1: man/quire.1.in proceedings/rules.def scripts/gen-man.sh
	scripts/gen-man.sh $< proceedings/rules.def $(VERSION) > $@.tmp && mv $@.tmp $@

install: quire man/quire.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/quire
	install -m 755 quire $(DESTDIR)$(PREFIX)/bin/quire
	install -m 644 man/quire.1 $(DESTDIR)$(PREFIX)/share/man/man1/quire.1
	cp -R templates $(DESTDIR)$(PREFIX)/share/quire/

clean:
	rm -rf build build-san build-tsan build-fuzz quire

.PHONY: all units deps demo test fuzz bench install clean

# Headers the objects and the unit tests include: a changed header rebuilds them.
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)
