#!/usr/bin/env python3
"""layers_check.py — the library's layout draws its pipeline, one way.

Checks, from the sources and the built objects (no other tool than nm):
  1. every engine/<stage>/ file includes engine headers as "stage/file.h", and
     only from its own stage or a stage below it (engine/LAYERS gives the order);
  2. no include cycle among the library's files;
  3. no call or data reference from a translation unit to one of a later stage,
     and no cycle between translation units (nm of the static library's objects);
  4. the programs (engine/cli/, engine/cli_mpi/) include no engine header but
     their own, and call no library function that the shared library does not
     export.
Usage: layers_check.py SOURCE_DIR BUILD_DIR
       layers_check.py --self-test   (plants each fault in a scratch tree and
                                      checks that it is reported)
Exit status 0 when clean, 1 with one line per fault otherwise."""
import glob, os, re, shutil, subprocess, sys, tempfile

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def read_layers(src):
    stages = []
    for line in open(os.path.join(src, 'engine', 'LAYERS')):
        line = line.split('#', 1)[0].strip()
        if line:
            stages.append(line.split()[0])
    return stages


def library_files(src, stages):
    files = {}
    for st in stages:
        for p in sorted(glob.glob(os.path.join(src, 'engine', st, '*.[ch]'))):
            files[st + '/' + os.path.basename(p)] = p
    return files


def check_includes(src, stages, faults):
    rank = {st: i for i, st in enumerate(stages)}
    files = library_files(src, stages)
    stray = [p for p in glob.glob(os.path.join(src, 'engine', '*.[ch]'))]
    for p in stray:
        faults.append(f'{os.path.relpath(p, src)}: a library file outside every stage folder')
    for d in glob.glob(os.path.join(src, 'engine', '*', '')):
        name = os.path.basename(os.path.dirname(d))
        if name not in rank and name not in ('cli', 'cli_mpi'):
            faults.append(f'engine/{name}/: a folder engine/LAYERS does not list')
    graph = {}
    for key, path in files.items():
        st = key.split('/')[0]
        graph[key] = []
        for inc in INCLUDE.findall(open(path, errors='replace').read()):
            if inc == 'undertone.h':
                continue
            if '/' not in inc:
                faults.append(f'engine/{key}: #include "{inc}" names no stage (write "stage/{inc}")')
                continue
            ist = inc.split('/')[0]
            if ist not in rank:
                faults.append(f'engine/{key}: #include "{inc}" is not a library stage')
                continue
            if inc not in files:
                faults.append(f'engine/{key}: #include "{inc}": no such file')
                continue
            if rank[ist] > rank[st]:
                faults.append(f'engine/{key}: includes "{inc}" of the later stage {ist}')
            graph[key].append(inc)
    for cyc in cycles(graph):
        faults.append('include cycle: ' + ' -> '.join(cyc + [cyc[0]]))


def cycles(graph):
    """Strongly connected components of more than one node (or a self loop), each as a path."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, []):
                out.append(sorted(comp))

    sys.setrecursionlimit(100000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def nm(path, *flags):
    return subprocess.run(['nm', *flags, path], capture_output=True, text=True, check=True).stdout


def check_objects(src, build, stages, faults):
    rank = {st: i for i, st in enumerate(stages)}
    objdir = os.path.join(build, 'CMakeFiles', 'undertone_static.dir')
    objs = sorted(glob.glob(os.path.join(objdir, '**', '*.o'), recursive=True))
    if not objs:
        faults.append(f'{objdir}: no object files (build the library first)')
        return
    unit_stage, defs, uses = {}, {}, {}
    for o in objs:
        rel = os.path.relpath(o, objdir)
        parts = rel.split(os.sep)
        if parts[0] == 'engine' and parts[1] in rank:
            unit, st = parts[1] + '/' + parts[2][:-len('.o')], parts[1]
        elif parts[0] == 'generated':
            unit, st = 'generated/' + parts[-1][:-len('.o')], 'model'  # the embedded lexicons
        else:
            faults.append(f'{rel}: an object outside every stage')
            continue
        unit_stage[unit] = st
        uses[unit] = set()
        for line in nm(o).splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == 'U':
                uses[unit].add(f[1])
            elif len(f) == 3 and f[1] in 'TDBRCVW':
                defs[f[2]] = unit
    graph = {u: set() for u in uses}
    for u, syms in uses.items():
        for s in sorted(syms):
            d = defs.get(s)
            if d is None or d == u:
                continue
            graph[u].add(d)
            if rank[unit_stage[d]] > rank[unit_stage[u]]:
                faults.append(f'{u}.c calls {s} of the later stage {unit_stage[d]} ({d}.c)')
    for cyc in cycles({u: sorted(v) for u, v in graph.items()}):
        faults.append('cycle between translation units: ' + ', '.join(c + '.c' for c in cyc))


def check_programs(src, build, faults):
    for p in sorted(glob.glob(os.path.join(src, 'engine', 'cli*', '*.[ch]'))):
        own = {os.path.basename(q) for q in glob.glob(os.path.join(os.path.dirname(p), '*.h'))}
        own |= {os.path.basename(q) for q in glob.glob(os.path.join(src, 'engine', 'cli', '*.h'))}
        for inc in INCLUDE.findall(open(p, errors='replace').read()):
            if inc != 'undertone.h' and inc not in own:
                faults.append(f'{os.path.relpath(p, src)}: includes "{inc}"; a program uses include/undertone.h only')
    shared = sorted(glob.glob(os.path.join(build, 'libundertone.so*')))
    if not shared:
        faults.append(f'{build}: no libundertone.so')
        return
    exported = {line.split()[-1] for line in nm(shared[0], '-D', '--defined-only').splitlines() if line.strip()}
    for o in sorted(glob.glob(os.path.join(build, 'CMakeFiles', 'undertone*.dir', 'engine', 'cli*', '*.o'))):
        for line in nm(o, '-u').splitlines():
            s = line.split()[-1]
            if s.startswith('ut_') and s not in exported:
                faults.append(f'{os.path.relpath(o, build)}: calls {s}, which the library does not export')


def run(src, build):
    faults = []
    stages = read_layers(src)
    check_includes(src, stages, faults)
    check_objects(src, build, stages, faults)
    check_programs(src, build, faults)
    return faults


def self_test():
    """Each planted fault must be reported; the clean scratch tree must pass the source checks."""
    tmp = tempfile.mkdtemp()
    try:
        def tree(files):
            shutil.rmtree(os.path.join(tmp, 'engine'), ignore_errors=True)
            for rel, text in files.items():
                p = os.path.join(tmp, 'engine', rel)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                open(p, 'w').write(text)
            faults = []
            check_includes(tmp, read_layers(tmp), faults)
            return faults
        base = {'LAYERS': 'low\nhigh\n', 'low/a.h': '', 'low/a.c': '#include "low/a.h"\n',
                'high/b.h': '#include "low/a.h"\n', 'high/b.c': '#include "high/b.h"\n'}
        assert tree(base) == [], tree(base)
        cases = {
            'later stage': dict(base, **{'low/a.c': '#include "high/b.h"\n'}),
            'include cycle': dict(base, **{'low/a.h': '#include "low/c.h"\n', 'low/c.h': '#include "low/a.h"\n'}),
            'names no stage': dict(base, **{'high/b.c': '#include "b.h"\n'}),
            'outside every stage': dict(base, **{'stray.c': ''}),
        }
        for want, files in cases.items():
            got = tree(files)
            assert any(want in f for f in got), f'self-test: "{want}" not reported: {got}'
        g = {'x': ['y'], 'y': ['z'], 'z': ['x'], 'w': ['x']}
        assert cycles(g) == [['x', 'y', 'z']], cycles(g)
    finally:
        shutil.rmtree(tmp)
    print('layers_check self-test: every planted fault reported')


if __name__ == '__main__':
    if sys.argv[1:] == ['--self-test']:
        self_test()
        sys.exit(0)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    found = run(sys.argv[1], sys.argv[2])
    for f in found:
        print(f)
    if found:
        print(f'{len(found)} layering faults')
        sys.exit(1)
    print('layers: no include cycle, no upward include or call, no cycle between units; programs use the API only')
