"""`python -m promopacket …`: the same command as `promopacket …`."""

from promopacket.cli import main

if __name__ == "__main__":
    main()
