# Generated from spec/openapi.yaml by openapi-python-client. Do not edit: run `pnpm generate`.
"""Contains methods for accessing the API"""
