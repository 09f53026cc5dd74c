// Runs after the three builds of invoker.properties. Each left bnd-baseline's report in <module>/target/baseline: a line
// per bundle and per package, "*" first when its version is wrong, then Name Type Delta New Old Suggest.
def report = { String module ->
    def dir = new File(basedir, module + '/target/baseline')
    def files = dir.listFiles()
    assert files != null && files.length == 1 : "no baseline report of ${module} in ${dir}"
    files[0].getText('UTF-8')
}
// the line of org.guanai.core.api.dto as [wrong: boolean, delta, new, old, suggest]
def dto = { String text ->
    def line = text.readLines().find { it.length() > 2 && it.substring(2).startsWith('org.guanai.core.api.dto ') }
    assert line != null : "no line for org.guanai.core.api.dto in\n${text}"
    def cells = line.substring(2).trim().split(/\s+/)
    assert cells[1] == 'PACKAGE' : line
    [line.startsWith('*'), cells[2], cells[3], cells[4], cells[5]]
}
def nextMajor = { String version -> (version.tokenize('.')[0] as int) + 1 + '.0.0' }

def broken = report('record-component-no-bump')
def (wrong, delta, newer, older, suggest) = dto(broken)
// the break is found (the removed constructor makes it MAJOR), the unchanged version refused, the next major asked for
assert wrong && delta == 'MAJOR' && newer == older && suggest == nextMajor(older) : broken
assert broken.contains('REMOVED      METHOD     <init>(java.lang.String,java.lang.String,java.lang.String)') : broken

def major = report('record-component-major-bump')
(wrong, delta, newer, older, suggest) = dto(major)
assert !wrong && delta == 'MAJOR' && newer == nextMajor(older) && suggest == 'ok' : major

def kept = report('record-component-kept-constructor')
(wrong, delta, newer, older, suggest) = dto(kept)
assert !wrong && delta == 'MINOR' && newer != older && suggest == 'ok' : kept

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Baseline problems detected') : 'the failing build names the baseline as its cause'
assert log.count('Baseline check succeeded') == 2 : 'the two bumped builds pass the baseline check'
true
