# bash completion for otaimg(1): commands, each command's options (asked of
# "otaimg CMD --help", so they stay in step with the program), a few option
# values, and file names.  Installed as
# $(datadir)/bash-completion/completions/otaimg.
_otaimg()
{
	local cur prev cmd opts cmds
	cmds="create inspect verify extract edit sign cert keygen pubkey hash cpl change-header version mesh ocf help"
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ]; then
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "${cmds% help}" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = cert ] && [ "$COMP_CWORD" -eq 2 ]; then
		COMPREPLY=($(compgen -W "ca issue show" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = mesh ] && [ "$COMP_CWORD" -eq 2 ]; then
		COMPREPLY=($(compgen -W "fwid metadata comp-hash msg plan fetch publish" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = mesh ] && [ "$COMP_CWORD" -eq 3 ] && [ "${COMP_WORDS[2]}" = metadata ]; then
		COMPREPLY=($(compgen -W "encode decode" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = mesh ] && [ "$COMP_CWORD" -eq 3 ] && [ "${COMP_WORDS[2]}" = msg ]; then
		COMPREPLY=($(compgen -W "decode encode list" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = ocf ] && [ "$COMP_CWORD" -eq 2 ]; then
		COMPREPLY=($(compgen -W "pstat swu check run" -- "$cur"))
		return 0
	fi
	if [ "$cmd" = ocf ] && [ "$COMP_CWORD" -eq 3 ] && { [ "${COMP_WORDS[2]}" = pstat ] || [ "${COMP_WORDS[2]}" = swu ]; }; then
		COMPREPLY=($(compgen -W "decode" -- "$cur"))
		return 0
	fi
	case $prev in
	--format)
		if [ "$cmd" = pubkey ]; then
			COMPREPLY=($(compgen -W "pem hex c" -- "$cur"))
		elif [ "$cmd" = create ]; then
			COMPREPLY=($(compgen -W "zigbee gbcs mcuboot mesh-zip mesh-tar matter" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "auto zigbee gbcs" -- "$cur"))
		fi
		return 0 ;;
	--hw-min|--hw-max|--min-hw|--max-hw|--security-credential|--destination)
		[ "$cmd" = edit ] && COMPREPLY=($(compgen -W "none" -- "$cur"))
		return 0 ;;
	--gbcs-cover)
		COMPREPLY=($(compgen -W "manufacturer-image upgrade-image" -- "$cur"))
		return 0 ;;
	--type)
		COMPREPLY=($(compgen -W "p256 ed25519 sect163k1 sect283k1 p384 rsa-2048 rsa-3072" -- "$cur"))
		return 0 ;;
	--suite)
		COMPREPLY=($(compgen -W "1 2" -- "$cur"))
		return 0 ;;
	--vendor-order)
		COMPREPLY=($(compgen -W "device model-first" -- "$cur"))
		return 0 ;;
	--order)
		COMPREPLY=($(compgen -W "device model-first both" -- "$cur"))
		return 0 ;;
	--form)
		COMPREPLY=($(compgen -W "auto raw page-byte status" -- "$cur"))
		return 0 ;;
	--sha)
		COMPREPLY=($(compgen -W "auto 256 384 512" -- "$cur"))
		return 0 ;;
	--to)
		COMPREPLY=($(compgen -W "u32 hex octets fw string bcd" -- "$cur"))
		return 0 ;;
	--digest)
		COMPREPLY=($(compgen -W "sha256 sha384 sha512 sha3-256 sha3-384 sha3-512" -- "$cur"))
		return 0 ;;
	--public-key-format)
		COMPREPLY=($(compgen -W "hash full" -- "$cur"))
		return 0 ;;
	esac
	case $cur in
	-*)
		local fmt=
		case " ${COMP_WORDS[*]} " in *" --format mcuboot "*|*" --format=mcuboot "*) fmt="--format mcuboot" ;;
		*" --format mesh-zip "*|*" --format=mesh-zip "*|*" --format mesh-tar "*|*" --format=mesh-tar "*)
			fmt="--format mesh-zip" ;;
		*" --format matter "*|*" --format=matter "*) fmt="--format matter" ;;
		esac
		# mesh fetch and mesh publish have their own options
		[ "$cmd" = mesh ] && case ${COMP_WORDS[2]} in fetch|publish) fmt=${COMP_WORDS[2]} ;; esac
		opts=$("${COMP_WORDS[0]}" "$cmd" $fmt --help 2>/dev/null |
		    sed -n 's/^  [- ][a-zA-Z ][, ] \(--[a-z0-9-]*\).*/\1/p')
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
	return 0
}
complete -o filenames -F _otaimg otaimg
