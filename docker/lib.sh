# shellcheck shell=bash
# lib.sh: what docker/setup-engine and docker/test share. Sourced, not run.

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
fail() {
	say "$*"
	exit 1
}

# The Debian archive and security archive this machine's apt uses, one URI a
# line ("archive URI" then "security URI"), so that the image and the local
# base come from the same mirror as the host's own packages. Entries for
# bookworm win; else any Debian release's (a Debian mirror carries them all);
# else deb.debian.org, Debian's own redirector. Reads deb822 (.sources) and
# one-line (.list) files; entries with "Enabled: no" are skipped.
apt_mirrors() {
	local files=() f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[[ -r $f ]] && files+=("$f")
	done
	# "URI SUITE" per enabled deb entry, then the choice.
	{
		((${#files[@]} == 0)) || awk '
			function flush() {
				if (deb && enabled) for (u in uris) for (s in suites) print uris[u], suites[s]
				deb = 0; enabled = 1; delete uris; delete suites
			}
			FNR == 1 { flush() }
			FILENAME ~ /\.list$/ {
				sub(/#.*/, "")
				if ($1 != "deb") next
				i = 2
				if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
				print $i, $(i + 1)
				next
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
			tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
			tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[i] = $i }
			tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suites[i] = $i }
			END { flush() }
		' "${files[@]}"
	} | awk '
		BEGIN { split("buster bullseye bookworm trixie forky sid", r, " "); for (i in r) debian[r[i]] = 1 }
		{ sub(/\/+$/, "", $1); base = $2; sec = sub(/-security$/, "", base); sub(/-(updates|backports)$/, "", base) }
		!(base in debian) { next }
		sec && base == "bookworm" && !s1 { s1 = $1 }
		sec && !s2 { s2 = $1 }
		!sec && $2 == "bookworm" && !a1 { a1 = $1 }
		!sec && $2 == base && !a2 { a2 = $1 }
		END {
			print (a1 ? a1 : a2 ? a2 : "http://deb.debian.org/debian")
			print (s1 ? s1 : s2 ? s2 : "http://deb.debian.org/debian-security")
		}
	'
}
