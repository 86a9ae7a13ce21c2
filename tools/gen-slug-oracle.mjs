// Generates fixtures/slug/oracle.json: heading texts and the ids the real
// github-slugger v2.0.0 gives them, one slugger per list (so duplicates get
// -1, -2 as on one page). The Rust slugger is tested against this file.
//
// Inputs are hand-picked headings (Korean, Japanese, Chinese, emoji,
// punctuation, special casing) plus pseudo-random strings drawn over the whole
// code space from a fixed seed, so the file is reproducible.
//
// Usage (from a folder where `npm install github-slugger@2.0.0` ran):
//   node /path/to/tools/gen-slug-oracle.mjs > fixtures/slug/oracle.json
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = path.join(process.cwd(), 'node_modules')
const { default: Slugger } = await import(pathToFileURL(path.join(modules, 'github-slugger', 'index.js')).href)

const handPicked = [
  '자주 묻는 질문', '자주 묻는 질문', '다운로더 플러그인', 'Helm 설치하기', '`helm install` 명령어',
  '차트 저장소 (Chart Repository)', 'state 끌어올리기', '이벤트 핸들러에 props 전달하기',
  'はじめに', 'インストール方法', 'よくある質問（FAQ）', '「useState」を使う', 'コンポーネント・ライフサイクル',
  '快速入门', '常见问题', '使用 `useEffect`：同步', '为什么？', '第1步：安装', '注意事项 —— 重要',
  '😄 unicode emoji', '🚀 Getting Started', 'Emoji 🎉 in the middle 🎉', '👨‍👩‍👧 family',
  'What is `UNSAFE_componentWillReceiveProps`?', 'shouldComponentUpdate()', 'Caveats', 'Caveats',
  'Caveats', 'Caveats 1', 'caveats-1', 'Step 1: Install Helm', 'I ♥ unicode', 'en–dash em—dash',
  "Don't use `this.state`", 'C++ & C#', '100% done!', 'A.B.C', 'foo_bar baz', 'Ünïcödé Äccents',
  'İstanbul', 'ΣΊΣΥΦΟΣ', 'Straße', 'ǅemal', 'ᏣᎳᎩ', 'Ⓐⓑ circled', '½ ¾ ² ³', 'tab\there',
  ' leading space', 'trailing space ', 'double  space', 'non\u00a0breaking', 'zero\u200bwidth',
  'full　width space', 'Ｆｕｌｌｗｉｄｔｈ ＡＢＣ', '１２３', 'ﾊﾝｶｸ', '한글과 English (혼합)', '__proto__',
  'hasOwnProperty', 'constructor', '', '-', '--', '- dash', '¿Qué?', '«Guillemets»', 'Ελληνικά', 'Русский язык'
]

// Deterministic PRNG (mulberry32) so reruns produce the same file.
let seed = 0x5eed1234
function rand () {
  seed |= 0; seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
function pick () {
  const r = rand()
  let cp
  if (r < 0.35) cp = 0x20 + Math.floor(rand() * 0x5f)
  else if (r < 0.45) cp = 0x20
  else if (r < 0.6) cp = 0xac00 + Math.floor(rand() * 11172)
  else if (r < 0.7) cp = 0x3000 + Math.floor(rand() * 0x100)
  else if (r < 0.75) cp = 0x4e00 + Math.floor(rand() * 0x5000)
  else if (r < 0.93) cp = Math.floor(rand() * 0x10000)
  else cp = 0x10000 + Math.floor(rand() * 0x100000)
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41
  return String.fromCodePoint(cp)
}
const random = []
for (let i = 0; i < 1500; i++) {
  const n = 1 + Math.floor(rand() * 12)
  let s = ''
  for (let j = 0; j < n; j++) s += pick()
  random.push(s)
}
// Repeat some random inputs so duplicate numbering is exercised on them too.
for (let i = 0; i < 100; i++) random.push(random[Math.floor(rand() * random.length)])

const lists = [handPicked, random].map((inputs) => {
  const slugger = new Slugger()
  return inputs.map((input) => [input, slugger.slug(input)])
})
console.log(JSON.stringify({ generator: 'github-slugger 2.0.0 via tools/gen-slug-oracle.mjs', lists }, null, 0))
