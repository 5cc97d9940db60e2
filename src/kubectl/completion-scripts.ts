// The completion scripts `kubesim completion bash|zsh|fish` prints. Each is self-contained
// (no bash-completion package, no cobra runtime): verbs and flags are literal lists, and
// the rest is asked of `kubesim __complete -- WORDS...` (see completion.ts), which prints
// one candidate a line. An empty answer falls back to file names, for `-f FILE`.

export interface ScriptData {
  verbs: string[];
  /** Flags of each verb (aliases included). */
  flags: Record<string, string[]>;
  /** Global flags with a value, which may come before the verb. */
  globalValueFlags: string[];
}

const GLOBAL_FLAGS = "--namespace -n --context --cluster --kubeconfig --request-timeout -h --help";

/** A shell `case` body: one arm per verb echoing its flags (verbs sharing flags share an arm). */
function flagCases(d: ScriptData, arm: (verbs: string, flags: string) => string): string {
  const byFlags = new Map<string, string[]>();
  for (const [verb, flags] of Object.entries(d.flags)) {
    const key = flags.join(" ");
    byFlags.set(key, [...(byFlags.get(key) ?? []), verb]);
  }
  return [...byFlags].map(([flags, verbs]) => arm(verbs.join("|"), flags)).join("\n");
}

export function bashScript(d: ScriptData): string {
  return `# bash completion for kubesim. Load it with
#   source <(kubesim completion bash)
# and, with alias kubectl=kubesim, also: complete -o default -F _kubesim kubectl

__kubesim_verbs="${d.verbs.join(" ")}"

__kubesim_flags() {
  case "$1" in
${flagCases(d, (v, f) => `    ${v}) echo "${f}" ;;`)}
  esac
}

_kubesim() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" verb="" i w skip=""
  local -a args=()
  # bash splits --flag=value at "="; hand __complete the flag and its value as two words.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == "=" ]] && continue
    args+=("$w")
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      ${d.globalValueFlags.join("|")}) [[ -z "$verb" ]] && skip=1 ;;
      -*) ;;
      *) [[ -z "$verb" ]] && verb="$w" ;;
    esac
  done
  [[ "$cur" == "=" ]] && cur=""
  COMPREPLY=()
  if [[ -z "$verb" && "$cur" != -* && -z "$skip" ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$__kubesim_verbs" -- "$cur")
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    local flags="${GLOBAL_FLAGS}"
    [[ -n "$verb" ]] && flags="$(__kubesim_flags "$verb")"
    mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
    return 0
  fi
  mapfile -t COMPREPLY < <(command kubesim __complete -- "\${args[@]}" "$cur" 2>/dev/null)
  return 0
}

complete -o default -F _kubesim kubesim
`;
}

export function zshScript(d: ScriptData): string {
  return `#compdef kubesim
# zsh completion for kubesim. Load it with
#   source <(kubesim completion zsh)
# (after compinit); with alias kubectl=kubesim, also: compdef _kubesim kubectl

__kubesim_verbs=(${d.verbs.join(" ")})

__kubesim_flags() {
  case "$1" in
${flagCases(d, (v, f) => `    ${v}) echo "${f}" ;;`)}
  esac
}

_kubesim() {
  local cur="\${words[CURRENT]}" verb="" w skip="" i
  for ((i = 2; i < CURRENT; i++)); do
    w="\${words[i]}"
    if [[ -n "$skip" ]]; then skip=""; continue; fi
    case "$w" in
      ${d.globalValueFlags.join("|")}) [[ -z "$verb" ]] && skip=1 ;;
      -*) ;;
      *) [[ -z "$verb" ]] && verb="$w" ;;
    esac
  done
  if [[ -z "$verb" && "$cur" != -* && -z "$skip" ]]; then
    compadd -- $__kubesim_verbs
    return
  fi
  if [[ "$cur" == -* && "$cur" != *=* ]]; then
    local flags="${GLOBAL_FLAGS}"
    [[ -n "$verb" ]] && flags="$(__kubesim_flags "$verb")"
    compadd -- \${=flags}
    return
  fi
  local -a cands
  cands=(\${(f)"$(command kubesim __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  if (( \${#cands} )); then
    compadd -Q -- $cands
  else
    _files
  fi
}

if (( $+functions[compdef] )); then
  compdef _kubesim kubesim
fi
`;
}

export function fishScript(d: ScriptData): string {
  return `# fish completion for kubesim. Load it with
#   kubesim completion fish | source
# or save it as ~/.config/fish/completions/kubesim.fish

function __kubesim_flags
    switch $argv[1]
${flagCases(d, (v, f) => `        case ${v.split("|").join(" ")}\n            printf '%s\\n' ${f}`)}
    end
end

function __kubesim_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l verb ""
    set -l skip ""
    for w in $tokens[2..-1]
        if test -n "$skip"
            set skip ""
            continue
        end
        switch $w
            case ${d.globalValueFlags.join(" ")}
                test -z "$verb"; and set skip 1
            case '-*'
            case '*'
                test -z "$verb"; and set verb $w
        end
    end
    if test -z "$verb"; and not string match -q -- '-*' $cur; and test -z "$skip"
        printf '%s\\n' ${d.verbs.join(" ")}
        return
    end
    if string match -q -- '-*' $cur; and not string match -q -- '*=*' $cur
        if test -n "$verb"
            __kubesim_flags $verb
        else
            printf '%s\\n' ${GLOBAL_FLAGS}
        end
        return
    end
    set -l found (command kubesim __complete -- $tokens[2..-1] $cur 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\\n' $found
    else
        __fish_complete_path $cur
    end
end

complete -c kubesim -f -a '(__kubesim_complete)'
`;
}
