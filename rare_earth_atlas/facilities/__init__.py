"""facilities"""
