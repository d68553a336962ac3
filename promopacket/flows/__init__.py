"""Prefect flows: thin orchestration over promopacket's stages."""
