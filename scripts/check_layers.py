#!/usr/bin/env python3
"""Checks that every #include in Murmur's layered folders points down the layer arrows.

The arrows are CMake's own: murmur_layer() (cmake/MurmurLayers.cmake) writes each folder and
the folders of the layers it links into <build>/murmur_layers.txt. A file may include headers
of its own folder and of any folder its layer reaches through those links, nothing else: an
include of a higher layer (say agents/ from sim/model/) is reported with its file and line.

usage: check_layers.py LAYER_MAP SOURCE_ROOT
       check_layers.py --self-test
"""
import re
import sys
import tempfile
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def read_layer_map(path):
    """{folder: [folders it links directly]} from the file murmur_write_layer_map() wrote."""
    arrows = {}
    for line in Path(path).read_text().splitlines():
        folder, _, targets = line.partition(':')
        arrows[folder.strip()] = targets.split()
    return arrows


def reachable(arrows):
    """{folder: every folder it may include}, its own included (the links are transitive)."""
    closure = {}
    for start in arrows:
        seen, todo = {start}, [start]
        while todo:
            for target in arrows.get(todo.pop(), []):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        closure[start] = seen
    return closure


def folder_of(path, folders):
    """The deepest layer folder that holds `path` (viz/session before viz), or None."""
    best = None
    for folder in folders:
        if path == folder or path.startswith(folder + '/'):
            if best is None or len(folder) > len(best):
                best = folder
    return best


def violations(arrows, root):
    closure = reachable(arrows)
    found = []
    for folder in arrows:
        for source in sorted((root / folder).glob('*')):
            if source.suffix not in ('.hpp', '.cpp', '.in') or not source.is_file():
                continue
            relative = source.relative_to(root).as_posix()
            if folder_of(relative, arrows) != folder:
                continue  # lives in a deeper layer folder, checked there
            for number, line in enumerate(source.read_text().splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = folder_of(match.group(1), arrows)
                if target is not None and target not in closure[folder]:
                    found.append(f'{relative}:{number}: includes "{match.group(1)}" from layer '
                                 f'{target}/, which {folder}/ does not link')
    return found


def self_test():
    """The checker finds an upward include and accepts downward ones."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in {'low/a.hpp': '#include "low/b.hpp"\n',
                           'low/b.hpp': '#include "high/c.hpp"\n',
                           'high/c.hpp': '#include "low/a.hpp"\n',
                           'high/deep/d.cpp': '#include "high/c.hpp"\n#include <vector>\n'}.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        arrows = {'low': [], 'high': ['low'], 'high/deep': ['high']}
        found = violations(arrows, root)
        expected = ['low/b.hpp:1: includes "high/c.hpp" from layer high/, which low/ does not link']
        if found != expected:
            print('self-test failed: found', found, 'expected', expected)
            return 1
    print('self-test passed')
    return 0


def main(argv):
    if argv[1:] == ['--self-test']:
        return self_test()
    if len(argv) != 3:
        print(__doc__)
        return 2
    found = violations(read_layer_map(argv[1]), Path(argv[2]))
    for problem in found:
        print(problem)
    print(f'{len(found)} include(s) against the layer arrows')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
